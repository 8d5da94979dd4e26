import autocannon from 'autocannon';
import { round } from './log';
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
}

/**
 * `connections` keep-alive connections sending GET `url` back to back for `seconds` seconds,
 * one request in flight per connection (no pipelining).
 *
 * autocannon reports p50 and p99 but not p95, so the latencies of 2xx responses are recorded here
 * (the same values autocannon puts in its histogram) and all three percentiles come from them.
 */
export function runLoad(url: string, connections: number, seconds: number): Promise<LoadFigures> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, connections, duration: seconds, pipelining: 1 },
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
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}
