import client from 'prom-client';

/** Buckets of `http_request_duration_seconds` and `worker_job_duration_seconds`, in seconds. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** How `http_request_duration_seconds` labels methods: the usual ones, anything else `OTHER`. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export type CacheResult = 'hit' | 'miss' | 'stale';
export type CheckoutOutcome = 'placed' | 'declined' | 'refused' | 'out_of_stock' | 'error';
export type PurgeResult = 'ok' | 'failed';
export type JobResult = 'ok' | 'failed';

/** The queue as `jobQueueHealth` (packages/core/src/reports/dashboard.ts) reads it. */
export interface QueueSnapshot {
  ready: number;
  scheduled: number;
  running: number;
  failed: number;
  oldestReadyAgeSeconds: number | null;
}

/**
 * The process's metrics: one registry and the shop's metric definitions. Kept on `globalThis`
 * (under a `Symbol.for` key), because Next may load this module once per route bundle: every
 * copy must count into the same registry, and prom-client refuses a second metric of one name.
 */
export interface ShopMetrics {
  registry: client.Registry;
  httpDuration: client.Histogram<'route' | 'method' | 'status'>;
  cacheRequests: client.Counter<'layer' | 'result'>;
  checkoutOutcomes: client.Counter<'outcome'>;
  edgePurges: client.Counter<'result'>;
  jobDuration: client.Histogram<'task' | 'result'>;
  queueJobs: client.Gauge<'state'>;
  queueOldestReadyAge: client.Gauge;
  /** What the queue gauges read at each scrape (set by `setQueueSource`); none: they stay empty. */
  queueSource: (() => Promise<QueueSnapshot>) | null;
}

/** Builds a fresh set (tests; each process uses `shopMetrics()`'s one). */
export function createShopMetrics(options: { defaultMetrics?: boolean } = {}): ShopMetrics {
  const registry = new client.Registry();
  if (options.defaultMetrics !== false) client.collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const metrics: ShopMetrics = {
    registry,
    httpDuration: new client.Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route (tRPC procedure or route name, never the raw URL), method and status.',
      labelNames: ['route', 'method', 'status'],
      buckets: DURATION_BUCKETS,
      registers,
    }),
    cacheRequests: new client.Counter({
      name: 'cache_requests_total',
      help: 'Cache reads by layer (data, page) and result (hit, miss, stale).',
      labelNames: ['layer', 'result'],
      registers,
    }),
    checkoutOutcomes: new client.Counter({
      name: 'checkout_outcomes_total',
      help: 'Checkout attempts by outcome (placed, declined, refused, out_of_stock, error).',
      labelNames: ['outcome'],
      registers,
    }),
    edgePurges: new client.Counter({
      name: 'edge_purges_total',
      help: 'Purges of the edge cache by tag, by result (ok, failed).',
      labelNames: ['result'],
      registers,
    }),
    jobDuration: new client.Histogram({
      name: 'worker_job_duration_seconds',
      help: 'Time the worker spent on a job, by task and result (ok, failed).',
      labelNames: ['task', 'result'],
      buckets: DURATION_BUCKETS,
      registers,
    }),
    queueJobs: new client.Gauge({
      name: 'queue_jobs',
      help: 'Jobs in the queue by state (ready, scheduled, running, failed), read at scrape time.',
      labelNames: ['state'],
      registers,
      async collect() {
        const snapshot = await readQueue(metrics);
        if (!snapshot) return;
        for (const state of ['ready', 'scheduled', 'running', 'failed'] as const)
          this.set({ state }, snapshot[state]);
      },
    }),
    queueOldestReadyAge: new client.Gauge({
      name: 'queue_oldest_ready_job_age_seconds',
      help: 'How long the oldest job that is due has waited (0 when none waits), read at scrape time.',
      registers,
      async collect() {
        const snapshot = await readQueue(metrics);
        if (snapshot) this.set(snapshot.oldestReadyAgeSeconds ?? 0);
      },
    }),
    queueSource: null,
  };
  return metrics;
}

/** One queue read per scrape, shared by both gauges; a failed read leaves them as they were. */
const pendingReads = new WeakMap<ShopMetrics, Promise<QueueSnapshot | null>>();
function readQueue(metrics: ShopMetrics): Promise<QueueSnapshot | null> {
  const source = metrics.queueSource;
  if (!source) return Promise.resolve(null);
  let read = pendingReads.get(metrics);
  if (!read) {
    read = withTimeout(source(), 1_000)
      .catch(() => null)
      .finally(() => pendingReads.delete(metrics));
    pendingReads.set(metrics, read);
  }
  return read;
}

/** `promise`, or a rejection after `ms`: a check or a read that hangs must not hold a request. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(ms)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class TimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`timed out after ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

const GLOBAL_KEY = Symbol.for('shop.observability.metrics');

/** This process's metrics (built on first use, then shared by every copy of this module). */
export function shopMetrics(): ShopMetrics {
  const store = globalThis as Record<symbol, ShopMetrics | undefined>;
  return (store[GLOBAL_KEY] ??= createShopMetrics());
}

/**
 * Hooks the rest of the shop calls; each is an increment in memory (no I/O, nothing awaited), so
 * they cost a request next to nothing.
 */
export const metrics = {
  /** One HTTP request answered: `route` is a pattern or procedure path, never a raw URL. */
  observeRequest(route: string, method: string, status: number, seconds: number): void {
    const m = METHODS.has(method.toUpperCase()) ? method.toUpperCase() : 'OTHER';
    shopMetrics().httpDuration.observe({ route, method: m, status: String(status) }, seconds);
  },
  /** A cache read, for the cache drivers (`layer`: `data` for the cache port, `page` for pages). */
  cacheHit: (layer: string) => shopMetrics().cacheRequests.inc({ layer, result: 'hit' }),
  cacheMiss: (layer: string) => shopMetrics().cacheRequests.inc({ layer, result: 'miss' }),
  cacheStale: (layer: string) => shopMetrics().cacheRequests.inc({ layer, result: 'stale' }),
  /** A read of the cache port as its drivers report it (`onRead`): hit, miss or stale. */
  cacheRead: (layer: string, result: 'hit' | 'miss' | 'stale') =>
    shopMetrics().cacheRequests.inc({ layer, result }),
  checkoutOutcome: (outcome: CheckoutOutcome) => shopMetrics().checkoutOutcomes.inc({ outcome }),
  /** One purge of the edge by tag (the purge code calls this once per purge request). */
  edgePurge: (result: PurgeResult) => shopMetrics().edgePurges.inc({ result }),
  jobFinished: (task: string, result: JobResult, seconds: number) =>
    shopMetrics().jobDuration.observe({ task, result }, seconds),
  /** Where the queue gauges read from at scrape time (`() => jobQueueHealth(db)`). */
  setQueueSource(source: () => Promise<QueueSnapshot>): void {
    shopMetrics().queueSource = source;
  },
};

/** The registry in Prometheus' text format, and its content type. */
export async function renderMetrics(
  target: ShopMetrics = shopMetrics(),
): Promise<{ body: string; contentType: string }> {
  return { body: await target.registry.metrics(), contentType: target.registry.contentType };
}
