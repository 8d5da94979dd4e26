import { createServer, type Server } from 'node:http';
import { readObservabilityEnv } from './env';
import { metricsAccess } from './access';
import { metrics, shopMetrics } from './metrics';
import type { ReadyReport } from './ready';
import { withSpan } from './spans';

/**
 * `WORKER_HEALTH_PORT`: where the worker answers `/api/health`, `/api/ready` and `/api/metrics`.
 * Unset (the default) or empty: no listener, since several workers may share a machine (the
 * conventional port, as in docker/compose.yaml, is 3102). Throws one sentence for a bad value.
 */
export function readWorkerHealthPort(source?: Record<string, string | undefined>): number | null {
  return readObservabilityEnv(source).workerHealthPort;
}

/**
 * Each task of a graphile-worker task list timed into `worker_job_duration_seconds` (by task and
 * result) and run inside a `job <task>` span when tracing is on. The tasks are otherwise as given.
 */
export function observeTasks<T extends Record<string, (...args: never[]) => unknown>>(tasks: T): T {
  const observed: Record<string, (...args: never[]) => Promise<unknown>> = {};
  for (const [task, run] of Object.entries(tasks)) {
    observed[task] = async (...args) => {
      const started = performance.now();
      let result: 'ok' | 'failed' = 'failed';
      try {
        const value = await withSpan(`job ${task}`, { 'job.task': task }, async () => run(...args));
        result = 'ok';
        return value;
      } finally {
        metrics.jobFinished(task, result, (performance.now() - started) / 1000);
      }
    };
  }
  return observed as T;
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/**
 * The worker's small HTTP listener: `GET /api/health` (the process answers), `/api/ready`
 * (`ready()`, 503 when a required dependency failed) and `/api/metrics` (the same rule as the
 * apps': `Authorization: Bearer $METRICS_TOKEN` when set, else loopback callers only, read from
 * the socket). Anything else is a 404. Listens on `host` (all interfaces by default, so a
 * container's health check and a scraper reach it; the metrics stay refused to non-local callers).
 */
export async function startHealthServer(opts: {
  port: number;
  host?: string;
  ready: () => Promise<ReadyReport>;
  token?: string | undefined;
}): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, '{"message":"GET only."}');
    void (async () => {
      if (path === '/api/health') return send(200, '{"status":"ok"}');
      if (path === '/api/ready') {
        const report = await opts.ready();
        return send(report.status === 'fail' ? 503 : 200, JSON.stringify(report));
      }
      if (path === '/api/metrics') {
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers))
          if (typeof v === 'string') headers.set(k, v);
        const access = metricsAccess({
          headers,
          token: opts.token ?? readObservabilityEnv().metricsToken,
          peer: req.socket.remoteAddress,
        });
        if (!access.allowed)
          return send(access.status, JSON.stringify({ message: access.message }));
        const { registry } = shopMetrics();
        return send(200, await registry.metrics(), registry.contentType);
      }
      return send(404, '{"message":"Not found."}');
    })().catch(() => {
      if (!res.headersSent) send(500, '{"message":"Something went wrong."}');
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : opts.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
