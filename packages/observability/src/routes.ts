import type { WarningLog } from '@shop/env/client-address';
import { appMetricsAccess, type MetricsAccess } from './access';
import { httpMetrics } from './http';
import { jobQueueHealth } from '@shop/core';
import { metrics, renderMetrics } from './metrics';
import { readyChecks, readyResponse } from './ready';
import { shopReadyChecks, type ReadyDependencies } from './shop-checks';

const NO_STORE = { 'cache-control': 'no-store' };

/** Liveness: the process answers. Touches no dependency, so it is as cheap as a request gets. */
export function healthResponse(): Response {
  return Response.json({ status: 'ok' }, { headers: NO_STORE });
}

/** `/api/health` of an app. */
export function healthRoute(): (req: Request) => Promise<Response> {
  return httpMetrics('/api/health', () => healthResponse());
}

/**
 * `/api/ready` of an app: the shop's checks (`shopReadyChecks`) against its Shop, asked for on
 * each request (`deps`, so importing the route builds nothing); each failure logged as a warning.
 */
export function readyRoute(opts: {
  shop: () => ReadyDependencies;
  log: () => WarningLog;
}): (req: Request) => Promise<Response> {
  return httpMetrics('/api/ready', async () => {
    const shop = opts.shop();
    const deps = { db: shop.db, cache: shop.cache, searchIndexes: shop.searchIndexes };
    const report = await readyChecks(shopReadyChecks(deps), {
      onFailure: (name, err) =>
        opts
          .log()
          .warn(
            `ready check ${name} failed: ${err instanceof Error ? err.message || err.name : String(err)}`,
          ),
    });
    return readyResponse(report);
  });
}

/** The refusal of `metricsAccess` as an answer. */
export function refusal(access: Extract<MetricsAccess, { allowed: false }>): Response {
  return Response.json(
    { message: access.message },
    {
      status: access.status,
      headers: {
        ...NO_STORE,
        ...(access.status === 401 ? { 'www-authenticate': 'Bearer realm="metrics"' } : {}),
      },
    },
  );
}

/** The registry as a Prometheus scrape answer. */
export async function metricsResponse(): Promise<Response> {
  const { body, contentType } = await renderMetrics();
  return new Response(body, { headers: { ...NO_STORE, 'content-type': contentType } });
}

/**
 * `/api/metrics` of an app, for the callers `metricsAccess` lets in (a bearer `METRICS_TOKEN`, else
 * this machine only). The queue gauges read `jobQueueHealth` on the app's database at each scrape.
 */
export function metricsRoute(opts: {
  shop: () => Pick<ReadyDependencies, 'db'>;
  log: () => WarningLog;
}): (req: Request) => Promise<Response> {
  let queueSet = false;
  return async (req) => {
    const access = appMetricsAccess(req, opts.log());
    if (!access.allowed) return refusal(access);
    if (!queueSet) {
      const { db } = opts.shop();
      metrics.setQueueSource(() => jobQueueHealth(db));
      queueSet = true;
    }
    return metricsResponse();
  };
}
