import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '@shop/env';
import { readObservabilityEnv } from './env';
import { shopMetrics } from './metrics';
import { readyChecks } from './ready';
import { observeTasks, readWorkerHealthPort, startHealthServer, type HealthServer } from './worker';

let server: HealthServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  shopMetrics().registry.resetMetrics();
});

describe('WORKER_HEALTH_PORT', () => {
  it('is off unless set, a port when set, one sentence when bad', () => {
    expect(readWorkerHealthPort({})).toBeNull();
    expect(readWorkerHealthPort({ WORKER_HEALTH_PORT: '' })).toBeNull();
    expect(readWorkerHealthPort({ WORKER_HEALTH_PORT: '3102' })).toBe(3102);
    for (const bad of ['0', '70000', 'abc', '31.5'])
      expect(() => readWorkerHealthPort({ WORKER_HEALTH_PORT: bad })).toThrow(ConfigError);
  });
});

describe('observeTasks', () => {
  it('times each job by task and result and passes payload and result through', async () => {
    const tasks = observeTasks({
      good: async (payload: unknown) => ({ got: payload }),
      bad: async () => {
        throw new Error('nope');
      },
    });
    expect(await tasks.good({ n: 1 })).toEqual({ got: { n: 1 } });
    await expect(tasks.bad()).rejects.toThrow('nope');
    const text = await shopMetrics().registry.metrics();
    expect(text).toContain('worker_job_duration_seconds_count{task="good",result="ok"} 1');
    expect(text).toContain('worker_job_duration_seconds_count{task="bad",result="failed"} 1');
  });
});

describe('the worker health listener', () => {
  const start = (failing: boolean, token?: string) =>
    startHealthServer({
      port: 0,
      host: '127.0.0.1',
      token,
      ready: () =>
        readyChecks({
          database: {
            run: () => (failing ? Promise.reject(new Error('down')) : Promise.resolve()),
          },
        }),
    });

  it('answers health, ready and (from loopback) metrics', async () => {
    server = await start(false);
    const base = `http://127.0.0.1:${server.port}`;
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/api/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok' });
    const scrape = await fetch(`${base}/api/metrics`);
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toContain('# TYPE worker_job_duration_seconds histogram');
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });

  it('ready is 503 naming the failed dependency', async () => {
    server = await start(true);
    const ready = await fetch(`http://127.0.0.1:${server.port}/api/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'fail', failed: ['database'] });
  });

  it('with a token, metrics need it even from loopback; forwarded from elsewhere is refused', async () => {
    server = await start(false, 'tok');
    const url = `http://127.0.0.1:${server.port}/api/metrics`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer tok' } })).status).toBe(200);
    await server.close();
    server = await start(false);
    const forwarded = await fetch(`http://127.0.0.1:${server.port}/api/metrics`, {
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    expect(forwarded.status).toBe(403);
  });
});

describe('readObservabilityEnv', () => {
  it('refuses a short METRICS_TOKEN and a bad OTLP endpoint with one sentence each', () => {
    expect(() => readObservabilityEnv({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(() => readObservabilityEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://x' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
    expect(readObservabilityEnv({})).toMatchObject({
      metricsToken: undefined,
      workerHealthPort: null,
      otlpEndpoint: undefined,
      redis: null,
    });
  });
});
