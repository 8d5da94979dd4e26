import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';
import { createRedisClient } from '@shop/cache';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RateLimiter } from './rate-limit';
import { createMemoryRateLimiter } from './rate-limit-memory';
import { createRedisRateLimiter, withPlainRedisScripts } from './rate-limit-redis';

/**
 * The Redis limiter with the real `@upstash/ratelimit` SDK, against the local REST bridge in
 * front of redis-server (`SHOP_TEST_REDIS_REST_URL` / `_TOKEN`, set by the test run when
 * redis-server is installed), and the in-memory limiter that stands in for it: both must slide.
 */

const redisUrl = process.env.SHOP_TEST_REDIS_REST_URL;
const redisToken = process.env.SHOP_TEST_REDIS_REST_TOKEN;
const redis = redisUrl && redisToken ? { url: redisUrl, token: redisToken } : null;
const SKIPPED =
  ' (skipped: SHOP_TEST_REDIS_REST_URL is not set, no local Redis bridge in this run)';

const MINUTE = 60_000;

afterEach(() => vi.restoreAllMocks());

const unusedFallback: RateLimiter = {
  hit: () => Promise.reject(new Error('the fallback was used while Redis answers')),
  forgive: () => Promise.reject(new Error('the fallback was used while Redis answers')),
};

const limiters = [
  { store: 'the in-memory limiter', run: true, make: () => createMemoryRateLimiter() },
  {
    store: redis ? 'the Redis limiter (through the REST bridge)' : `the Redis limiter${SKIPPED}`,
    run: redis !== null,
    make: () =>
      createRedisRateLimiter({
        redis: createRedisClient(redis ?? { url: 'http://127.0.0.1:1', token: 'x' }),
        fallback: unusedFallback,
        timeoutMs: 2_000,
      }),
  },
];

describe.each(limiters)('sliding windows: $store', ({ run, make }) => {
  it.skipIf(!run)(
    'gives a spent budget back gradually as the burst slides out of view, not all at once at a window boundary',
    async () => {
      // Time is moved by hand (the SDK reads Date.now and hands it to its script).
      const T0 = (Math.floor(Date.now() / MINUTE) + 10) * MINUTE;
      let t = T0;
      vi.spyOn(Date, 'now').mockImplementation(() => t);
      const limiter = make();
      const rule = { name: `slide-${randomUUID().slice(0, 8)}`, max: 4, windowSeconds: 60 };
      const subject = randomUUID();
      const hits = async (n: number) => {
        const out: boolean[] = [];
        for (let i = 0; i < n; i++) out.push((await limiter.hit(rule, subject)).allowed);
        return out;
      };

      expect(await hits(5)).toEqual([true, true, true, true, false]);
      // Where the window ends: asked to come back then.
      t = T0 + 15_000;
      expect(await limiter.hit(rule, subject)).toEqual({ allowed: false, retryAfterSeconds: 45 });

      // Just past the boundary a fixed window would hand out 4 fresh hits; here the burst still
      // weighs floor(4 × 0.99…) = 3, so one.
      t = T0 + MINUTE + 1;
      expect(await hits(2)).toEqual([true, false]);
      // Halfway: floor(4 × 0.5) = 2, plus this window's 1: one more.
      t = T0 + MINUTE * 1.5;
      expect(await hits(2)).toEqual([true, false]);
      // Three quarters: floor(4 × 0.25) = 1, plus 2: one more.
      t = T0 + MINUTE * 1.75;
      expect(await hits(2)).toEqual([true, false]);
      // The next boundary: the last window's 3 hits weigh fully now.
      t = T0 + MINUTE * 2;
      expect(await hits(2)).toEqual([true, false]);
      // Once nothing is in view any more, the whole budget.
      t = T0 + MINUTE * 4;
      expect(await hits(5)).toEqual([true, true, true, true, false]);
    },
  );

  it.skipIf(!run)(
    'forgives a hit of the live window, and counts rules and subjects apart',
    async () => {
      const limiter = make();
      const rule = { name: `fgv-${randomUUID().slice(0, 8)}`, max: 2, windowSeconds: 3600 };
      const subject = randomUUID();
      await limiter.hit(rule, subject);
      await limiter.hit(rule, subject);
      expect((await limiter.hit(rule, subject)).allowed).toBe(false);
      expect((await limiter.hit(rule, randomUUID())).allowed).toBe(true);
      expect((await limiter.hit({ ...rule, name: `${rule.name}-b` }, subject)).allowed).toBe(true);
      await limiter.forgive(rule, subject);
      expect((await limiter.hit(rule, subject)).allowed).toBe(true);
      expect((await limiter.hit(rule, subject)).allowed).toBe(false);
    },
  );

  it.skipIf(!run)('counts parallel hits exactly', async () => {
    const limiter = make();
    const rule = { name: `par-${randomUUID().slice(0, 8)}`, max: 7, windowSeconds: 3600 };
    const subject = randomUUID();
    const results = await Promise.all(Array.from({ length: 20 }, () => limiter.hit(rule, subject)));
    expect(results.filter((r) => r.allowed)).toHaveLength(7);
  });
});

describe.skipIf(!redis)(`Redis going away and coming back${redis ? '' : SKIPPED}`, () => {
  it('counts in memory while Redis fails, says so once, and goes back to Redis after the cooldown', async () => {
    // A switchable proxy in front of the bridge: "down" drops every connection.
    const target = new URL(redis?.url ?? 'http://127.0.0.1:1');
    let down = false;
    const sockets = new Set<net.Socket>();
    const proxy = http.createServer((req, res) => {
      if (down) {
        req.socket.destroy();
        return;
      }
      const upstream = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    proxy.on('connection', (s) => sockets.add(s));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.address() as net.AddressInfo;
    try {
      const events: string[] = [];
      const fallback = createMemoryRateLimiter();
      const limiter = createRedisRateLimiter({
        redis: createRedisClient({ url: `http://127.0.0.1:${port}`, token: redis?.token ?? '' }),
        fallback,
        timeoutMs: 1_000,
        cooldownMs: 100,
        onUnavailable: () => events.push('down'),
        onRecovered: () => events.push('up'),
      });
      const rule = { name: `flap-${randomUUID().slice(0, 8)}`, max: 3, windowSeconds: 3600 };
      const subject = randomUUID();

      expect((await limiter.hit(rule, subject)).allowed).toBe(true); // Redis: 1
      down = true;
      // In memory: 1, 2, 3, then refused; the fallback knows nothing of Redis's hit.
      const during = [];
      for (let i = 0; i < 4; i++) during.push((await limiter.hit(rule, subject)).allowed);
      expect(during).toEqual([true, true, true, false]);
      expect(events).toEqual(['down']);

      down = false;
      await new Promise((resolve) => setTimeout(resolve, 150));
      // Redis again (its count: 1), and the recovery is told.
      expect((await limiter.hit(rule, subject)).allowed).toBe(true);
      expect((await limiter.hit(rule, subject)).allowed).toBe(true);
      expect((await limiter.hit(rule, subject)).allowed).toBe(false);
      expect(events).toEqual(['down', 'up']);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});

describe('scripts on a plain redis-server', () => {
  it('sends the SDK’s scripts without the Upstash-only flag once refused, and its EVALSHA with the hash the script was loaded under', async () => {
    const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
    const loaded = new Map<string, string>();
    const calls: string[] = [];
    // What redis-server 7 answers: the flag is refused, other scripts are cached by their hash.
    const fake = {
      eval: (script: string) => {
        calls.push(`eval ${script.split('\n')[0]}`);
        if (script.startsWith('#!lua flags=allow-key-locking'))
          return Promise.reject(
            new Error('ERR Unexpected flag in script shebang: allow-key-locking'),
          );
        loaded.set(sha1(script), script);
        return Promise.resolve('ran');
      },
      evalsha: (hash: string) => {
        calls.push(
          `evalsha ${hash === original ? 'original' : loaded.has(hash) ? 'loaded' : hash}`,
        );
        return loaded.has(hash)
          ? Promise.resolve('ran')
          : Promise.reject(new Error('NOSCRIPT No matching script'));
      },
    };
    const script = '#!lua flags=allow-key-locking\nreturn 1';
    const original = sha1(script);
    const redis = withPlainRedisScripts(
      fake as unknown as Parameters<typeof withPlainRedisScripts>[0],
    );

    await expect(redis.evalsha(original, [], [])).rejects.toThrow(/NOSCRIPT/);
    expect(await redis.eval(script, [], [])).toBe('ran');
    expect(await redis.evalsha(original, [], [])).toBe('ran');
    expect(await redis.eval(script, [], [])).toBe('ran');
    expect(calls).toEqual([
      'evalsha original',
      'eval #!lua flags=allow-key-locking',
      'eval #!lua',
      'evalsha loaded',
      'eval #!lua',
    ]);
  });
});
