import { describe, expect, it } from 'vitest';
import { createMemoryRateLimiter } from './rate-limit-memory';

const MINUTE = 60_000;
/** The start of a window of one minute, far from the real clock (nothing else shares it). */
const T0 = 1_000 * MINUTE;

function clock(start: number) {
  let t = start;
  return { now: () => t, set: (at: number) => (t = at) };
}

/** The sliding-window semantics themselves are tested with Redis's in rate-limit-redis.test.ts. */
describe('in-memory sliding-window limiter', () => {
  it('says when the current window ends, counts each rule and client apart, and forgives within the window only', async () => {
    const time = clock(T0 + 15_000);
    const limiter = createMemoryRateLimiter({ now: time.now });
    const rule = { name: 'f', max: 2, windowSeconds: 60 };
    await limiter.hit(rule, 'a');
    await limiter.hit(rule, 'a');
    expect(await limiter.hit(rule, 'a')).toEqual({ allowed: false, retryAfterSeconds: 45 });
    expect((await limiter.hit(rule, 'b')).allowed).toBe(true);
    expect((await limiter.hit({ ...rule, name: 'g' }, 'a')).allowed).toBe(true);

    await limiter.forgive(rule, 'a');
    expect((await limiter.hit(rule, 'a')).allowed).toBe(true);
    // Never below 0: forgiving more than was counted buys nothing.
    await limiter.forgive(rule, 'b');
    await limiter.forgive(rule, 'b');
    await limiter.forgive(rule, 'b');
    const b = [];
    for (let i = 0; i < 3; i++) b.push((await limiter.hit(rule, 'b')).allowed);
    expect(b).toEqual([true, true, false]);
  });

  it('keeps at most maxKeys counters, dropping finished windows first', async () => {
    const time = clock(T0);
    const limiter = createMemoryRateLimiter({ now: time.now, maxKeys: 3 });
    const rule = { name: 'k', max: 1, windowSeconds: 60 };
    for (const s of ['a', 'b', 'c']) await limiter.hit(rule, s);
    expect((await limiter.hit(rule, 'a')).allowed).toBe(false);
    // A fourth client evicts the oldest counter ('a', last written first).
    await limiter.hit(rule, 'd');
    expect((await limiter.hit(rule, 'a')).allowed).toBe(true);
    expect((await limiter.hit(rule, 'c')).allowed).toBe(false);
  });
});
