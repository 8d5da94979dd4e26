import { afterEach, describe, expect, it } from 'vitest';
import { countCheckout, trpcRouteLabel, UNKNOWN_PROCEDURE } from './labels';
import { httpMetrics } from './http';
import { createShopMetrics, metrics, renderMetrics, shopMetrics } from './metrics';

/** The value of one series of a metric, from the registry's JSON view. */
async function valueOf(name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = shopMetrics().registry.getSingleMetric(name);
  const data = await metric?.get();
  return data?.values.find(
    (v) =>
      (v as { metricName?: string }).metricName !== `${name}_bucket` &&
      Object.entries(labels).every(([k, val]) => String(v.labels[k]) === val),
  )?.value;
}

afterEach(() => {
  shopMetrics().registry.resetMetrics();
  shopMetrics().queueSource = null;
});

describe('the metric definitions', () => {
  it('registers every metric of the shop under its documented name and labels', async () => {
    const fresh = createShopMetrics({ defaultMetrics: false });
    const names = (await fresh.registry.getMetricsAsJSON()).map((m) => m.name).sort();
    expect(names).toEqual([
      'cache_requests_total',
      'checkout_outcomes_total',
      'edge_purges_total',
      'http_request_duration_seconds',
      'queue_jobs',
      'queue_oldest_ready_job_age_seconds',
      'worker_job_duration_seconds',
    ]);
    fresh.httpDuration.observe({ route: 'trpc:cart.get', method: 'GET', status: '200' }, 0.01);
    const text = await fresh.registry.metrics();
    expect(text).toContain(
      'http_request_duration_seconds_bucket{le="0.01",route="trpc:cart.get",method="GET",status="200"} 1',
    );
  });

  it('is one registry per process, whichever copy of the module asks', () => {
    expect(shopMetrics()).toBe(shopMetrics());
    const key = Symbol.for('shop.observability.metrics');
    expect((globalThis as Record<symbol, unknown>)[key]).toBe(shopMetrics());
  });

  it('counts cache reads by layer and result, checkout outcomes and edge purges', async () => {
    metrics.cacheHit('data');
    metrics.cacheHit('data');
    metrics.cacheMiss('data');
    metrics.cacheStale('page');
    metrics.checkoutOutcome('declined');
    metrics.edgePurge('ok');
    metrics.edgePurge('failed');
    expect(await valueOf('cache_requests_total', { layer: 'data', result: 'hit' })).toBe(2);
    expect(await valueOf('cache_requests_total', { layer: 'data', result: 'miss' })).toBe(1);
    expect(await valueOf('cache_requests_total', { layer: 'page', result: 'stale' })).toBe(1);
    expect(await valueOf('checkout_outcomes_total', { outcome: 'declined' })).toBe(1);
    expect(await valueOf('edge_purges_total', { result: 'failed' })).toBe(1);
  });

  it('labels an unusual method OTHER, so a client cannot mint series with made-up verbs', async () => {
    metrics.observeRequest('/api/health', 'BREW', 405, 0.001);
    metrics.observeRequest('/api/health', 'get', 200, 0.001);
    const text = (await renderMetrics()).body;
    expect(text).toContain('route="/api/health",method="OTHER",status="405"');
    expect(text).toContain('route="/api/health",method="GET",status="200"');
    expect(text).not.toContain('BREW');
  });

  it('reads the queue gauges from the queue source at scrape time, once per scrape', async () => {
    let reads = 0;
    metrics.setQueueSource(async () => {
      reads++;
      return { ready: 3, scheduled: 1, running: 2, failed: 0, oldestReadyAgeSeconds: 42 };
    });
    const text = (await renderMetrics()).body;
    expect(text).toContain('queue_jobs{state="ready"} 3');
    expect(text).toContain('queue_jobs{state="running"} 2');
    expect(text).toContain('queue_oldest_ready_job_age_seconds 42');
    expect(reads).toBe(1);
  });

  it('a failing queue source leaves the scrape answering', async () => {
    metrics.setQueueSource(() => Promise.reject(new Error('database down')));
    const { body, contentType } = await renderMetrics();
    expect(contentType).toMatch(/^text\/plain/);
    expect(body).toContain('# TYPE queue_jobs gauge');
    expect(body).not.toContain('queue_jobs{');
  });
});

describe('httpMetrics', () => {
  it('times each answer under the route pattern with its status, a throw as 500', async () => {
    const ok = httpMetrics('/api/thing', () => new Response('x', { status: 201 }));
    const broken = httpMetrics('/api/thing', () => {
      throw new Error('boom');
    });
    await ok(new Request('http://shop.test/api/thing?id=12345'));
    await expect(
      broken(new Request('http://shop.test/api/thing', { method: 'POST' })),
    ).rejects.toThrow('boom');
    const text = (await renderMetrics()).body;
    expect(text).toContain(
      'http_request_duration_seconds_count{route="/api/thing",method="GET",status="201"} 1',
    );
    expect(text).toContain(
      'http_request_duration_seconds_count{route="/api/thing",method="POST",status="500"} 1',
    );
    expect(text).not.toContain('12345');
  });
});

describe('trpcRouteLabel', () => {
  const known = new Set(['cart.get', 'catalog.list']);
  const isProcedure = (p: string) => known.has(p);

  it('labels each procedure of a batch and never the input', () => {
    expect(
      trpcRouteLabel('http://s/api/trpc/cart.get,catalog.list?batch=1&input=%7B%7D', isProcedure),
    ).toEqual(['trpc:cart.get', 'trpc:catalog.list']);
  });

  it('folds a made-up path, an empty one and an oversized batch into one label', () => {
    expect(trpcRouteLabel('http://s/api/trpc/whatever.x1', isProcedure)).toEqual([
      UNKNOWN_PROCEDURE,
    ]);
    expect(trpcRouteLabel('http://s/api/trpc/cart.get,nope', isProcedure)).toEqual([
      'trpc:cart.get',
      UNKNOWN_PROCEDURE,
    ]);
    expect(trpcRouteLabel('http://s/api/trpc/', isProcedure)).toEqual([UNKNOWN_PROCEDURE]);
    expect(
      trpcRouteLabel(`http://s/api/trpc/${Array(11).fill('cart.get').join(',')}`, isProcedure, 10),
    ).toEqual([UNKNOWN_PROCEDURE]);
  });
});

describe('countCheckout', () => {
  const fail = (code: string) => () => Promise.reject(Object.assign(new Error(code), { code }));

  it('counts a paid checkout as placed and each refusal by its outcome', async () => {
    await countCheckout('pay', () => Promise.resolve({ orderId: 1 }));
    await expect(countCheckout('pay', fail('PAYMENT_DECLINED'))).rejects.toThrow();
    await expect(countCheckout('pay', fail('OUT_OF_STOCK'))).rejects.toThrow();
    await expect(countCheckout('pay', () => Promise.reject(new Error('db')))).rejects.toThrow('db');
    await expect(countCheckout('start', fail('CHECKOUT_REFUSED'))).rejects.toThrow();
    expect(await valueOf('checkout_outcomes_total', { outcome: 'placed' })).toBe(1);
    expect(await valueOf('checkout_outcomes_total', { outcome: 'declined' })).toBe(1);
    expect(await valueOf('checkout_outcomes_total', { outcome: 'out_of_stock' })).toBe(1);
    expect(await valueOf('checkout_outcomes_total', { outcome: 'error' })).toBe(1);
    expect(await valueOf('checkout_outcomes_total', { outcome: 'refused' })).toBe(1);
  });

  it('does not count a started checkout, nor a start that failed for another reason', async () => {
    await countCheckout('start', () => Promise.resolve('started'));
    await expect(countCheckout('start', fail('CART_NOT_FOUND'))).rejects.toThrow();
    const data = await shopMetrics().checkoutOutcomes.get();
    expect(data.values.every((v) => v.value === 0)).toBe(true);
  });
});
