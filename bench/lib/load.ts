import autocannon from 'autocannon';
import { log, round } from './log';
import { percentile } from './stats';

export interface LoadFigures {
  /** Mean responses per second over the run's one-second samples (autocannon's requests.mean). */
  rps: number;
  /** Latency percentiles of the 2xx responses, in milliseconds. */
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  /** Connection errors and timeouts (autocannon counts timeouts as errors too). */
  errors: number;
  /** With `countHeader`: how many responses carried each value of that header (`none`: absent). */
  headerCounts?: Record<string, number>;
}

export interface LoadOptions {
  /**
   * A response header whose values are counted (e.g. `x-nextjs-cache`). Counting makes
   * autocannon keep each body, a little more work per response, so it is off unless asked for.
   */
  countHeader?: string;
}

/**
 * `connections` keep-alive connections sending GET `url` back to back for `seconds` seconds,
 * one request in flight per connection (no pipelining).
 *
 * autocannon reports p50 and p99 but not p95, so the latencies of 2xx responses are recorded here
 * (the same values autocannon puts in its histogram) and all three percentiles come from them.
 */
export function runLoad(
  url: string,
  connections: number,
  seconds: number,
  options: LoadOptions = {},
): Promise<LoadFigures> {
  const latencies: number[] = [];
  const { countHeader } = options;
  const headerCounts: Record<string, number> = {};
  const requests = countHeader
    ? [
        {
          onResponse: (_status: number, _body: string, _context: object, headers: unknown) => {
            const value = (headers as Record<string, string | undefined>)[countHeader] ?? 'none';
            headerCounts[value] = (headerCounts[value] ?? 0) + 1;
          },
        },
      ]
    : undefined;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, connections, duration: seconds, pipelining: 1, ...(requests ? { requests } : {}) },
      (err, result) => {
        if (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        latencies.sort((a, b) => a - b);
        resolve({
          rps: round(result.requests.mean, 1),
          p50: round(percentile(latencies, 50)),
          p95: round(percentile(latencies, 95)),
          p99: round(percentile(latencies, 99)),
          non2xx: result.non2xx,
          errors: result.errors,
          ...(countHeader ? { headerCounts } : {}),
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}

/**
 * An unmeasured run first (JIT and connection pools warm), then one measured run of `seconds`
 * per connection count, one after the other; `label` names the server in the progress lines.
 */
export async function measureAt(
  label: string,
  url: string,
  seconds: number,
  connections: readonly number[],
  options: LoadOptions = {},
): Promise<Map<number, LoadFigures>> {
  const warmSeconds = Math.min(2, seconds);
  log(`${label}: ${warmSeconds} s unmeasured warm-up at 10 connections`);
  await runLoad(url, 10, warmSeconds);
  const figures = new Map<number, LoadFigures>();
  for (const count of connections) {
    log(`${label}: ${seconds} s at ${count} connections against ${url}`);
    figures.set(count, await runLoad(url, count, seconds, options));
  }
  return figures;
}
