import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit';
import {
  authKinds,
  COUNTED_PER_FORWARDED_CLIENT,
  viaTrustedProxy,
  randomAddress,
  signInRequest,
  statuses,
  TEST_PASSWORD,
} from './rate-limit-testing';
import { firstRow, queryRows } from '@shop/db/query';

const secret = 'throttle-test-secret-that-is-long-enough-01';
const password = TEST_PASSWORD;

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase('auth_throttle');
});
afterAll(async () => {
  await tdb?.drop();
});

const suites = authKinds(() => tdb.db, secret);

describe.each(suites)('$name sign-in throttle', (suite) => {
  it('answers 429 from the 6th failed sign-in even with a new X-Forwarded-For each time (no proxy trusted)', async () => {
    const { handler, email } = await suite.setup();
    const peer = `198.51.100.${suite.name === 'staff' ? 11 : 12}`;
    const got = await statuses(
      handler,
      Array.from(
        { length: 8 },
        () => () => signInRequest(suite.baseURL, email, { peer, forwardedFor: randomAddress() }),
      ),
    );
    expect(got).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const refused = await handler(
      signInRequest(suite.baseURL, email, { peer, forwardedFor: randomAddress() }),
    );
    expect(refused.headers.get('x-retry-after')).toMatch(/^\d+$/);
    expect(Number(refused.headers.get('x-retry-after'))).toBeGreaterThan(60);
  });

  it('honours the forwarded address behind a trusted proxy: two clients are throttled separately', async () => {
    const { handler, email } = await suite.setup();
    const proxy = `10.20.0.${suite.name === 'staff' ? 1 : 2}`;
    const a = `203.0.113.${suite.name === 'staff' ? 21 : 22}`;
    const b = `203.0.113.${suite.name === 'staff' ? 31 : 32}`;
    // The forged left end of each chain is not the client.
    expect(
      await viaTrustedProxy(handler, suite.baseURL, email, { proxy, range: '10.20.0.0/16', a, b }),
    ).toEqual(COUNTED_PER_FORWARDED_CLIENT);
  });

  it('counts concurrent attempts atomically: 12 at once, 5 get through', async () => {
    const { handler, email } = await suite.setup();
    const peer = `198.51.100.${suite.name === 'staff' ? 41 : 42}`;
    const got = await Promise.all(
      Array.from({ length: 12 }, () =>
        handler(signInRequest(suite.baseURL, email, { peer, forwardedFor: randomAddress() })).then(
          (r) => r.status,
        ),
      ),
    );
    expect(got.filter((s) => s === 401)).toHaveLength(5);
    expect(got.filter((s) => s === 429)).toHaveLength(7);
  });

  it('lets 8 successful sign-ins in a row from one client through (an office behind one address)', async () => {
    const { handler, email } = await suite.setup();
    const peer = `198.51.100.${suite.name === 'staff' ? 51 : 52}`;
    const got = await statuses(
      handler,
      Array.from(
        { length: 8 },
        () => () => signInRequest(suite.baseURL, email, { peer, forwardedFor: peer, password }),
      ),
    );
    expect(got).toEqual([200, 200, 200, 200, 200, 200, 200, 200]);
  });

  it('does not count a successful sign-in: 429 comes only after the 5th failure', async () => {
    const { handler, email } = await suite.setup();
    const peer = `198.51.100.${suite.name === 'staff' ? 61 : 62}`;
    const wrong = () => signInRequest(suite.baseURL, email, { peer, forwardedFor: peer });
    const right = () => signInRequest(suite.baseURL, email, { peer, forwardedFor: peer, password });
    const got = await statuses(handler, [wrong, wrong, wrong, wrong, right, wrong, wrong]);
    expect(got).toEqual([401, 401, 401, 401, 200, 401, 429]);
  });

  it('refuses the right password too during the lockout, with a sentence and Retry-After, until the window ends', async () => {
    const { handler, email } = await suite.setup();
    const peer = `198.51.100.${suite.name === 'staff' ? 71 : 72}`;
    const wrong = () => signInRequest(suite.baseURL, email, { peer, forwardedFor: peer });
    const right = () => signInRequest(suite.baseURL, email, { peer, forwardedFor: peer, password });
    expect(await statuses(handler, [wrong, wrong, wrong, wrong, wrong])).toEqual([
      401, 401, 401, 401, 401,
    ]);

    const refused = await handler(right());
    expect(refused.status).toBe(429);
    expect(
      refused.headers
        .getSetCookie()
        .some((c) => c.includes('session_token=') && !c.includes('Max-Age=0')),
    ).toBe(false);
    const body = (await refused.json()) as { message?: string };
    expect(body.message).toMatch(
      /^Too many failed sign-in attempts from your connection\. Please try again in 1[45] minutes\.$/,
    );
    const wait = Number(refused.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(60);
    expect(wait).toBeLessThanOrEqual(15 * 60);
    expect(refused.headers.get('x-retry-after')).toBe(String(wait));
    expect(await statuses(handler, [right, right])).toEqual([429, 429]);

    // The window ends (this suite's other clients are done by now).
    await tdb.db.execute(
      sql`update rate_limits set expires_at = now() - interval '1 second' where key like 'sign-in-failed:%'`,
    );
    expect(await statuses(handler, [right])).toEqual([200]);
  });

  it('still cuts off a flood: the 31st sign-in within 15 minutes is refused even when all succeed', async () => {
    const { handler, email } = await suite.setup();
    const peer = `198.51.100.${suite.name === 'staff' ? 81 : 82}`;
    const right = () => signInRequest(suite.baseURL, email, { peer, forwardedFor: peer, password });
    const got = await statuses(
      handler,
      Array.from({ length: 31 }, () => right),
    );
    expect(got.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(got[30]).toBe(429);
  });
});

describe('fixed-window limiter', () => {
  it('allows max hits per window, tells when to retry, restarts an expired window, and stores no address', async () => {
    const limiter = createRateLimiter(tdb.db);
    const rule = { name: `test-${randomUUID().slice(0, 8)}`, max: 3, windowSeconds: 600 };
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await limiter.hit(rule, 'subject-hash'));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
    expect(results[4]?.retryAfterSeconds).toBeGreaterThan(590);
    expect(results[4]?.retryAfterSeconds).toBeLessThanOrEqual(600);
    expect((await limiter.hit(rule, 'other-subject')).allowed).toBe(true);

    await tdb.db.execute(
      sql`update rate_limits set expires_at = now() - interval '1 second' where key = ${`${rule.name}:subject-hash`}`,
    );
    expect((await limiter.hit(rule, 'subject-hash')).allowed).toBe(true);
    const row = await queryRows<{ hits: number }>(
      tdb.db,
      sql`select hits from rate_limits where key = ${`${rule.name}:subject-hash`}`,
    );
    expect(row[0]?.hits).toBe(1);

    const keys = await queryRows<{ key: string }>(tdb.db, sql`select key from rate_limits`);
    for (const { key } of keys) expect(key).not.toMatch(/\d+\.\d+\.\d+\.\d+/);
  });

  it('forgives a hit within the live window, never below 0, and not once the window has expired', async () => {
    const limiter = createRateLimiter(tdb.db);
    const rule = { name: `fgv-${randomUUID().slice(0, 8)}`, max: 2, windowSeconds: 600 };
    const key = `${rule.name}:subject-hash`;
    const hits = async () =>
      (
        await firstRow<{ hits: number }>(
          tdb.db,
          sql`select hits from rate_limits where key = ${key}`,
        )
      )?.hits;

    await limiter.forgive(rule, 'subject-hash');
    expect(await hits()).toBeUndefined();

    await limiter.hit(rule, 'subject-hash');
    await limiter.hit(rule, 'subject-hash');
    await limiter.forgive(rule, 'subject-hash');
    expect(await hits()).toBe(1);
    expect((await limiter.hit(rule, 'subject-hash')).allowed).toBe(true);
    await limiter.forgive(rule, 'subject-hash');
    await limiter.forgive(rule, 'subject-hash');
    await limiter.forgive(rule, 'subject-hash');
    expect(await hits()).toBe(0);

    await limiter.hit(rule, 'subject-hash');
    await tdb.db.execute(
      sql`update rate_limits set expires_at = now() - interval '1 second' where key = ${key}`,
    );
    await limiter.forgive(rule, 'subject-hash');
    expect(await hits()).toBe(1);
  });

  it('counts parallel hits exactly', async () => {
    const limiter = createRateLimiter(tdb.db);
    const rule = { name: `par-${randomUUID().slice(0, 8)}`, max: 7, windowSeconds: 60 };
    const results = await Promise.all(Array.from({ length: 20 }, () => limiter.hit(rule, 'same')));
    expect(results.filter((r) => r.allowed)).toHaveLength(7);
  });
});
