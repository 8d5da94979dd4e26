import { describe, expect, it } from 'vitest';
import { readyChecks, readyResponse } from './ready';

const ok = () => Promise.resolve();
const never = () => new Promise<void>(() => undefined);

describe('readyChecks', () => {
  it('answers ok and 200 when every dependency answers, with each one timed', async () => {
    const report = await readyChecks({
      database: { run: ok },
      queue: { run: async () => ({ ready: 2 }) },
    });
    expect(report.status).toBe('ok');
    expect(report.failed).toEqual([]);
    expect(report.checks.database).toMatchObject({ ok: true, required: true });
    expect(report.checks.queue).toMatchObject({ ok: true, ready: 2 });
    expect(typeof report.checks.database?.ms).toBe('number');
    expect(readyResponse(report).status).toBe(200);
  });

  it('a failing required dependency makes it 503 and names it, without the error text', async () => {
    const heard: string[] = [];
    const report = await readyChecks(
      {
        database: {
          run: () =>
            Promise.reject(
              Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:5432 password=x'), {
                code: 'ECONNREFUSED',
              }),
            ),
        },
        cache: { run: ok, required: false },
      },
      { onFailure: (name) => heard.push(name) },
    );
    expect(report.status).toBe('fail');
    expect(report.failed).toEqual(['database']);
    expect(report.checks.database).toMatchObject({ ok: false, error: 'Error (ECONNREFUSED)' });
    expect(JSON.stringify(report)).not.toContain('10.1.2.3');
    expect(heard).toEqual(['database']);
    const response = readyResponse(report);
    expect(response.status).toBe(503);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({ status: 'fail', failed: ['database'] });
  });

  it('a failing optional dependency is degraded, still 200', async () => {
    const report = await readyChecks({
      database: { run: ok },
      search: { run: () => Promise.reject(new Error('meili down')), required: false },
    });
    expect(report).toMatchObject({ status: 'degraded', failed: ['search'] });
    expect(readyResponse(report).status).toBe(200);
  });

  it('a hanging dependency times out; the checks run in parallel, so the answer takes one timeout', async () => {
    const started = performance.now();
    const report = await readyChecks(
      { database: { run: never }, queue: { run: never }, cache: { run: ok, required: false } },
      { timeoutMs: 150 },
    );
    const elapsed = performance.now() - started;
    expect(report.status).toBe('fail');
    expect(report.failed.sort()).toEqual(['database', 'queue']);
    expect(report.checks.database?.error).toBe('timed out after 150 ms');
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(280);
  });

  it('a check that throws synchronously is a failure, not a crash', async () => {
    const report = await readyChecks({
      database: {
        run: () => {
          throw new TypeError('bad');
        },
      },
    });
    expect(report.checks.database).toMatchObject({ ok: false, error: 'TypeError' });
  });
});
