import type { Database } from '@shop/db/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRateLimiter } from './rate-limit';

/**
 * The expired-row sweep is housekeeping: it must never hold up (or fail) the request whose hit
 * happened to draw it. A fake database answers the upsert at once and leaves the sweep hanging.
 */
describe('rate limiter sweep', () => {
  afterEach(() => vi.restoreAllMocks());

  it('answers the hit without waiting for the sweep, and a failed sweep is harmless', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    let sweepFail: (err: Error) => void = () => undefined;
    const statements: number[] = [];
    const db = {
      execute: vi.fn(() => {
        statements.push(statements.length);
        if (statements.length === 1)
          return Promise.resolve({ rows: [{ hits: 1, ttl_ms: 60_000 }] });
        return new Promise((_resolve, reject) => {
          sweepFail = reject;
        });
      }),
    } as unknown as Database;
    const limiter = createRateLimiter(db);

    const decision = await Promise.race([
      limiter.hit({ name: 'test', max: 5, windowSeconds: 60 }, 'subject'),
      new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 200)),
    ]);

    expect(decision).toEqual({ allowed: true, retryAfterSeconds: 60 });
    expect(statements).toHaveLength(2);
    sweepFail(new Error('connection terminated'));
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
});
