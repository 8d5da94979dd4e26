import { randomUUID } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCustomerAuth } from './customer-auth';
import { readRateLimitEnv, type RateLimitEnv } from './env';
import type { RateLimiter } from './rate-limit';
import { createShopRateLimiter } from './rate-limit-store';
import {
  authKinds,
  COUNTED_PER_FORWARDED_CLIENT,
  viaTrustedProxy,
  randomAddress,
  signInRequest,
  statuses,
  TEST_CLIENT_ADDRESS_HEADER as clientAddressHeader,
  TEST_PASSWORD as password,
  type AuthKind,
} from './rate-limit-testing';

/**
 * The sign-in limits through each store the Shop can choose (`createShopRateLimiter`): the
 * `rate_limits` table, Redis through the real `@upstash/ratelimit` SDK (against the local REST
 * bridge in front of redis-server, when the test run provides it), and Redis that is down.
 */

const redisUrl = process.env.SHOP_TEST_REDIS_REST_URL;
const redisToken = process.env.SHOP_TEST_REDIS_REST_TOKEN;
const redis = redisUrl && redisToken ? { url: redisUrl, token: redisToken } : null;

// A fresh secret per run: subjects are keyed by it, so counts left in Redis by an earlier run
// never meet this one's.
const secret = `store-test-secret-${randomUUID()}`;

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase('auth_rate_stores');
});
afterAll(async () => {
  await tdb?.drop();
});

function lines() {
  const warn: string[] = [];
  const info: string[] = [];
  return {
    warn,
    info,
    log: { warn: (m: string) => void warn.push(m), info: (m: string) => void info.push(m) },
  };
}

function envWith(overrides: Partial<RateLimitEnv>): RateLimitEnv {
  return { ...readRateLimitEnv({}), ...overrides };
}

let octet = 0;
/** A client address no other test (or earlier run, with its own secret) uses. */
const newPeer = () => `198.18.${Math.floor(++octet / 250)}.${1 + (octet % 250)}`;

const kinds = authKinds(() => tdb.db, secret);

/** The 6th failed sign-in of one client within a minute, whatever X-Forwarded-For says. */
async function expectSixthRefused(limiter: RateLimiter, kind: AuthKind): Promise<void> {
  const { handler, email } = await kind.setup(limiter);
  const peer = newPeer();
  const started = Date.now();
  const got = await statuses(
    handler,
    Array.from(
      { length: 6 },
      () => () => signInRequest(kind.baseURL, email, { peer, forwardedFor: randomAddress() }),
    ),
  );
  expect(got).toEqual([401, 401, 401, 401, 401, 429]);
  expect(Date.now() - started).toBeLessThan(60_000);
  const refused = await handler(
    signInRequest(kind.baseURL, email, { peer, forwardedFor: randomAddress() }),
  );
  expect(refused.status).toBe(429);
  const wait = refused.headers.get('retry-after');
  expect(wait).toMatch(/^\d+$/);
  expect(Number(wait)).toBeGreaterThanOrEqual(1);
  expect(Number(wait)).toBeLessThanOrEqual(15 * 60);
  expect(refused.headers.get('x-retry-after')).toBe(wait);
  const body = (await refused.json()) as { message?: string };
  expect(body.message).toMatch(
    /^Too many failed sign-in attempts from your connection\. Please try again in \d+ minutes?\.$/,
  );
}

/** The warnings of the limiters a test made: a store that fell back would pass for the wrong reason. */
let warnings: string[] = [];
afterEach(() => {
  expect(warnings).toEqual([]);
  warnings = [];
});

function storeLimiter(env: RateLimitEnv): RateLimiter {
  const out = lines();
  warnings = out.warn;
  return createShopRateLimiter(tdb.db, env, out.log);
}

const stores = [
  {
    store: 'the Postgres store (rate_limits)',
    run: true,
    make: () => storeLimiter(envWith({ redis: null })),
  },
  {
    store: redis
      ? 'the Redis store (@upstash/ratelimit through the local REST bridge)'
      : 'the Redis store (skipped: SHOP_TEST_REDIS_REST_URL is not set, no local Redis bridge in this run)',
    run: redis !== null,
    make: () => storeLimiter(envWith({ redis })),
  },
];

describe.each(stores)('sign-in limits on $store', ({ run, make }) => {
  describe.skipIf(!run).each(kinds)('$name auth', (kind) => {
    it('answers the 6th failed sign-in within a minute with 429 and Retry-After, with a new X-Forwarded-For each time (no proxy trusted)', async () => {
      await expectSixthRefused(make(), kind);
    });

    it('uses the forwarded address behind a trusted proxy: two clients are counted apart', async () => {
      const { handler, email } = await kind.setup(make());
      expect(
        await viaTrustedProxy(handler, kind.baseURL, email, {
          proxy: '10.30.0.1',
          range: '10.30.0.0/16',
          a: newPeer(),
          b: newPeer(),
        }),
      ).toEqual(COUNTED_PER_FORWARDED_CLIENT);
    });

    it('counts concurrent attempts atomically and does not count a successful sign-in', async () => {
      const { handler, email } = await kind.setup(make());
      const peer = newPeer();
      const got = await Promise.all(
        Array.from({ length: 10 }, () =>
          handler(signInRequest(kind.baseURL, email, { peer, forwardedFor: peer })).then(
            (r) => r.status,
          ),
        ),
      );
      expect(got.filter((s) => s === 401)).toHaveLength(5);
      expect(got.filter((s) => s === 429)).toHaveLength(5);

      const other = newPeer();
      const wrong = () => signInRequest(kind.baseURL, email, { peer: other, forwardedFor: other });
      const right = () =>
        signInRequest(kind.baseURL, email, { peer: other, forwardedFor: other, password });
      expect(await statuses(handler, [wrong, wrong, wrong, wrong, right, wrong, wrong])).toEqual([
        401, 401, 401, 401, 200, 401, 429,
      ]);
    });
  });
});

describe('limits set from the environment', () => {
  it('RATE_LIMIT_SIGN_IN_FAILED=2/1m refuses the 3rd failed sign-in, asking to wait at most a minute', async () => {
    const limiter = storeLimiter(readRateLimitEnv({ RATE_LIMIT_SIGN_IN_FAILED: '2/1m' }));
    const kind = kinds.find((k) => k.name === 'customer') as AuthKind;
    const { handler, email } = await kind.setup(limiter);
    const peer = newPeer();
    const attempt = () => signInRequest(kind.baseURL, email, { peer, forwardedFor: peer });
    const responses = [];
    for (let i = 0; i < 3; i++) responses.push(await handler(attempt()));
    expect(responses.map((r) => r.status)).toEqual([401, 401, 429]);
    expect(Number(responses[2]?.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  });

  it('RATE_LIMIT_SIGN_UP=1/1h refuses the 2nd registration from one client (better-auth’s ceiling, renamed per path)', async () => {
    const limiter = storeLimiter(readRateLimitEnv({ RATE_LIMIT_SIGN_UP: '1/1h' }));
    const baseURL = 'http://localhost:3000';
    const auth = createCustomerAuth({
      db: tdb.db,
      secret,
      baseURL,
      clientAddressHeader,
      rateLimiter: limiter,
    });
    const peer = newPeer();
    const signUp = () =>
      auth.handler(
        new Request(`${baseURL}/api/auth/sign-up/email`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            origin: baseURL,
            [clientAddressHeader]: peer,
          },
          body: JSON.stringify({
            email: `new-${randomUUID().slice(0, 8)}@example.com`,
            name: 'New',
            password,
          }),
        }),
      );
    expect((await signUp()).status).toBe(200);
    const refused = await signUp();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('x-retry-after'))).toBeGreaterThan(60);
  });
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('Redis down: the in-memory fallback', () => {
  it('keeps counting in the process when Redis refuses connections: the 6th failed sign-in is still 429, never a 500, and the outage is logged once', async () => {
    const port = await closedPort();
    const out = lines();
    const limiter = createShopRateLimiter(
      tdb.db,
      envWith({ redis: { url: `http://127.0.0.1:${port}`, token: 'unused' } }),
      out.log,
    );
    for (const kind of kinds) await expectSixthRefused(limiter, kind);
    expect(out.warn).toHaveLength(1);
    expect(out.warn[0]).toMatch(/^rate limiter: Redis is not answering/);
  });

  it('does not wait on a Redis that never answers: each hit is counted in memory after RATE_LIMIT_REDIS_TIMEOUT_MS', async () => {
    const sockets = new Set<net.Socket>();
    const silent = http.createServer(() => undefined);
    silent.on('connection', (s) => sockets.add(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const out = lines();
      const limiter = createShopRateLimiter(
        tdb.db,
        readRateLimitEnv({
          UPSTASH_REDIS_REST_URL: `http://127.0.0.1:${port}`,
          UPSTASH_REDIS_REST_TOKEN: 'unused',
          RATE_LIMIT_REDIS_TIMEOUT_MS: '100',
        }),
        out.log,
      );
      const rule = { name: 'cart-create', max: 2, windowSeconds: 60 };
      const started = Date.now();
      const first = await limiter.hit(rule, 'silent-client');
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(first.allowed).toBe(true);
      // The timeout was a failure, not a free pass: the hits are counted, in memory.
      expect((await limiter.hit(rule, 'silent-client')).allowed).toBe(true);
      const third = await limiter.hit(rule, 'silent-client');
      expect(third.allowed).toBe(false);
      expect(third.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(out.warn).toEqual([
        'rate limiter: Redis is not answering (Redis did not answer the rate limiter within 100 ms); counting in this process until it is back',
      ]);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
