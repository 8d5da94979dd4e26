import { expect, test } from '@playwright/test';
import { ADMIN_URL, STOREFRONT_URL } from '../support';

/**
 * Health, readiness and metrics of both built apps over the real HTTP stack (serve-next.ts in
 * front of `next start`): the specs connect from 127.0.0.1 with no METRICS_TOKEN set, so the
 * metrics answer them as a caller on this machine, and refuse the same request forwarded from
 * elsewhere.
 */
for (const [app, base] of [
  ['storefront', STOREFRONT_URL],
  ['admin', ADMIN_URL],
] as const) {
  test(`${app}: /api/health, /api/ready and /api/metrics`, async ({ request }) => {
    const health = await request.get(`${base}/api/health`);
    expect(health.status()).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(health.headers()['cache-control']).toContain('no-store');

    const ready = await request.get(`${base}/api/ready`);
    expect(ready.status()).toBe(200);
    const report = (await ready.json()) as {
      status: string;
      checks: Record<string, { ok: boolean; ms: number }>;
    };
    expect(report.status).toBe('ok');
    for (const name of ['database', 'queue', 'cache', 'search'])
      expect(report.checks[name]?.ok, name).toBe(true);

    // A tRPC call first on the storefront, so its histogram has the procedure's series.
    if (app === 'storefront')
      expect((await request.get(`${base}/api/trpc/storefront.catalog.regions`)).status()).toBe(200);
    const scrape = await request.get(`${base}/api/metrics`);
    expect(scrape.status()).toBe(200);
    const text = await scrape.text();
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toContain('route="/api/ready",method="GET",status="200"');
    expect(text).toContain('queue_jobs{state="ready"}');
    if (app === 'storefront') expect(text).toContain('route="trpc:storefront.catalog.regions"');

    const forwarded = await request.get(`${base}/api/metrics`, {
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(forwarded.status()).toBe(403);
  });
}
