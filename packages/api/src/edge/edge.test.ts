import { createDb } from '@shop/db/client';
import { firstRow } from '@shop/db/query';
import { captureLogger, LEVEL } from '@shop/logger/testing';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openShop, variantWithStock, type TestShop } from '../../../core/test/shop';
// The limiter the apps hand in (the api package declares the port, @shop/auth implements it).
import { createRateLimiter } from '../../../auth/src/rate-limit';
import { apiShop } from '../../test/shop';
import {
  adminApi,
  createAdminContext,
  createStorefrontContext,
  storefrontApi,
  type CartCookie,
} from '../index';
import { DATABASE_RETRY_SECONDS, DATABASE_UNAVAILABLE_MESSAGE } from '../errors';
import { LIMITER_RETRY_SECONDS, RATE_LIMITS } from '../rate-limits';
import { BODY_LIMITS, handleTrpcRequest, MAX_BATCH_SIZE } from './index';

let shop: TestShop;
beforeAll(async () => {
  shop = await openShop();
});
afterAll(async () => {
  await shop.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const ORIGIN = 'http://shop.test';

/** The cart cookie as the storefront route keeps it: read from Cookie, written as Set-Cookie. */
function cookieCart(req: Request, resHeaders: Headers): CartCookie {
  let value = /(?:^|;\s*)cart_id=([^;]+)/.exec(req.headers.get('cookie') ?? '')?.[1] ?? null;
  return {
    get: () => value,
    set: (id) => {
      value = id;
      resHeaders.append('set-cookie', `cart_id=${id}; Path=/; HttpOnly`);
    },
  };
}

/** What the edge logs, kept: each test finds its lines by the response's request id. */
const logs = captureLogger({ name: 'api' });
const linesOf = (requestId: string | null) => logs.lines.filter((l) => l.requestId === requestId);

let clientCount = 0;
const newClientKey = () => `client-${Date.now()}-${++clientCount}`;

function storefront(
  req: Request,
  opts: { db?: TestShop['db']; clientKey?: string; limiterDb?: TestShop['db'] } = {},
): Promise<Response> {
  return handleTrpcRequest({
    req,
    router: storefrontApi,
    maxBodyBytes: BODY_LIMITS.storefrontApi,
    logger: () => logs.logger,
    createContext: ({ req: request, resHeaders }) =>
      createStorefrontContext(
        apiShop(shop, {
          db: opts.db ?? shop.db,
          readDb: opts.db ?? shop.db,
          rateLimiter: createRateLimiter(opts.limiterDb ?? shop.db),
        }),
        { cart: cookieCart(request, resHeaders), clientKey: opts.clientKey ?? newClientKey() },
      ),
  });
}

const get = (path: string, input: unknown, headers: Record<string, string> = {}) =>
  new Request(
    `${ORIGIN}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`,
    { headers },
  );

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  new Request(`${ORIGIN}/api/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

/** A batch POST of `calls` × `cart.add` as httpBatchLink sends it. */
function addBatch(calls: number, variantId: number, headers: Record<string, string> = {}): Request {
  const paths = Array.from({ length: calls }, () => 'storefront.cart.add').join(',');
  const inputs = Object.fromEntries(
    Array.from({ length: calls }, (_, i) => [
      i,
      { json: { variantId, quantity: 1, region: 'us' } },
    ]),
  );
  return post(`${paths}?batch=1`, JSON.stringify(inputs), headers);
}

interface ErrorShape {
  error: {
    json: { message: string; data: { code: string; httpStatus: number; requestId?: string } };
  };
}

async function errorOf(res: Response): Promise<ErrorShape['error']['json']> {
  const body = (await res.json()) as ErrorShape | ErrorShape[];
  const first = Array.isArray(body) ? body[0] : body;
  if (!first?.error)
    throw new Error(`expected an error, got ${JSON.stringify(body).slice(0, 200)}`);
  return first.error.json;
}

const cartCount = async () =>
  Number((await firstRow<{ n: number }>(shop.db, sql`select count(*)::int as n from carts`))?.n);

describe('error boundary', () => {
  let broken: TestDatabase;
  beforeAll(async () => {
    broken = await createTestDatabase('api_edge_broken');
    // A schema the queries no longer match: every catalog read fails inside the driver.
    await broken.db.execute(sql`alter table regions rename to regions_gone`);
  });
  afterAll(async () => {
    await broken.drop();
  });

  it('answers an unexpected error with a generic sentence and a request id, logs the cause once, leaks no SQL or stack', async () => {
    const res = await storefront(get('storefront.catalog.regions', undefined), {
      db: broken.db,
    });
    expect(res.status).toBe(500);
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f]{16}$/);
    const text = await res.clone().text();
    expect(text).not.toMatch(/Failed query|select |from |regions_gone|params|stack|\.ts:/i);
    const error = await errorOf(res);
    expect(error.message).toBe(
      `Something went wrong on our side. Please try again; if it keeps happening, quote reference ${requestId}.`,
    );
    expect(error.data).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', requestId });
    expect(error.data).not.toHaveProperty('stack');

    const lines = linesOf(requestId);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: LEVEL.error, where: 'storefront.catalog.regions' });
    // The cause is in the log, with its chain (pino's err serializer joins the messages).
    const err = lines[0]?.err as { message: string; stack: string };
    expect(`${err.message}\n${err.stack}`).toMatch(/Failed query: select/);
  });

  it('says it cannot reach the database (503) while Postgres is unreachable, with the cart id nowhere in the answer', async () => {
    const down = createDb('postgres://postgres:postgres@127.0.0.1:1/shop', 1);
    try {
      const cartId = '0b0e7d1c-2f57-4d2b-9a55-2d3f0a1b2c3d';
      const res = await storefront(
        get('storefront.cart.get', undefined, { cookie: `cart_id=${cartId}` }),
        {
          db: down,
        },
      );
      expect(res.status).toBe(503);
      const text = await res.clone().text();
      expect(text).not.toContain(cartId);
      expect(text).not.toMatch(/ECONNREFUSED|select|Failed query/);
      expect((await errorOf(res)).message).toBe(DATABASE_UNAVAILABLE_MESSAGE);
    } finally {
      await down.$client.end();
    }
  });

  it('keeps the sentences and statuses of expected errors', async () => {
    const bad = await storefront(
      get('storefront.catalog.productByHandle', { handle: 'Not A Handle' }),
    );
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).message).toMatch(/Handle may contain only lowercase letters/);

    const notYours = await storefront(
      post(
        'storefront.cart.add',
        JSON.stringify({
          json: { cartId: '0b0e7d1c-2f57-4d2b-9a55-2d3f0a1b2c3d', variantId: 1, quantity: 1 },
        }),
      ),
    );
    expect(notYours.status).toBe(400);
    expect((await errorOf(notYours)).message).toBe('That cart is not yours.');

    const missing = await storefront(
      get('storefront.catalog.productByHandle', { handle: 'no-such-thing' }),
    );
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).message).not.toMatch(/reference/);

    const admin = await handleTrpcRequest({
      req: get('admin.products.list', { limit: 5 }),
      router: adminApi,
      maxBodyBytes: BODY_LIMITS.adminApi,
      logger: () => logs.logger,
      createContext: () =>
        createAdminContext(apiShop(shop), { getStaff: () => Promise.resolve(null) }),
    });
    expect(admin.status).toBe(401);
    expect(admin.headers.get('x-request-id')).toMatch(/^[0-9a-f]{16}$/);
    expect((await errorOf(admin)).message).toBe('Sign in to the admin to do this.');
  });
});

describe('request limits', () => {
  it('refuses a 5 MB body with 413 and a sentence, in the shape tRPC clients read, and runs nothing', async () => {
    const variantId = await variantWithStock(shop.db, 50, 0);
    const before = await cartCount();
    const padding = 'x'.repeat(5 * 1024 * 1024);
    const res = await storefront(
      post(
        'storefront.cart.add',
        JSON.stringify({ json: { variantId, quantity: 1, region: 'us', padding } }),
      ),
    );
    expect(res.status).toBe(413);
    const error = await errorOf(res);
    expect(error.message).toBe('The request is too large: this endpoint accepts at most 100 KB.');
    expect(error.data).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 });
    expect(await cartCount()).toBe(before);
  });

  it('counts a chunked body as it arrives and stops reading at the limit (413)', async () => {
    let pulled = 0;
    const chunk = new TextEncoder().encode(`"${'y'.repeat(16 * 1024 - 2)}",`);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"json":['));
      },
      pull(controller) {
        pulled += chunk.byteLength;
        if (pulled > 10 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const req = new Request(`${ORIGIN}/api/trpc/storefront.cart.add`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit & { duplex: 'half' });
    expect(req.headers.get('content-length')).toBeNull();
    const res = await storefront(req);
    expect(res.status).toBe(413);
    expect((await errorOf(res)).message).toMatch(/at most 100 KB/);
    // Cut off near the limit, not after the sender's 10 MB.
    expect(pulled).toBeLessThan(BODY_LIMITS.storefrontApi + 8 * chunk.byteLength);
  });

  it('refuses 10,000-deep JSON with 400 before parsing it, in a body or a query input', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const res = await storefront(post('storefront.cart.add', `{"json":${deep}}`));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toBe(
      'The request is nested too deeply: at most 32 levels of objects and arrays are accepted.',
    );
    const query = await storefront(
      new Request(
        `${ORIGIN}/api/trpc/storefront.catalog.listProducts?input=${encodeURIComponent(`{"json":${'['.repeat(3000)}${']'.repeat(3000)}}`)}`,
      ),
    );
    expect(query.status).toBe(400);
    expect((await errorOf(query)).message).toMatch(/nested too deeply/);
    // Brackets inside strings are text, not nesting.
    const handle = await storefront(
      get('storefront.catalog.productByHandle', { handle: '['.repeat(100) }),
    );
    expect((await errorOf(handle)).message).toMatch(/Handle may contain only lowercase letters/);
  });

  it(`refuses a batch of 300 calls with a sentence, creating no cart and setting no cookie`, async () => {
    const variantId = await variantWithStock(shop.db, 500, 1);
    const before = await cartCount();
    const res = await storefront(addBatch(300, variantId));
    expect(res.status).toBe(400);
    expect(res.headers.get('set-cookie')).toBeNull();
    const body = (await res.json()) as ErrorShape[];
    expect(body).toHaveLength(300);
    expect(body[0]?.error.json.message).toBe(
      `A request may batch at most ${MAX_BATCH_SIZE} calls; this one has 300.`,
    );
    expect(await cartCount()).toBe(before);
  });

  it('creates one cart for a batch of concurrent adds without a cookie', async () => {
    const variantId = await variantWithStock(shop.db, 500, 2);
    const before = await cartCount();
    const res = await storefront(addBatch(MAX_BATCH_SIZE, variantId));
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toHaveLength(1);
    expect(await cartCount()).toBe(before + 1);
    const body = (await res.json()) as { result: { data: { json: { id: string } } } }[];
    expect(new Set(body.map((r) => r.result.data.json.id)).size).toBe(1);
  });

  it('never creates a cart on a read', async () => {
    const before = await cartCount();
    for (const path of ['storefront.cart.get', 'storefront.cart.shippingOptions']) {
      const res = await storefront(get(path, undefined));
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    expect(await cartCount()).toBe(before);
  });
});

describe('rate limits', () => {
  /** Spends a client's budget for `rule` as if it had already made `max` hits this window. */
  async function exhaust(rule: { name: string; max: number }, clientKey: string) {
    await shop.db.execute(sql`
      insert into rate_limits (key, hits, window_started_at, expires_at)
      values (${`${rule.name}:${clientKey}`}, ${rule.max}, now(), now() + interval '5 minutes')`);
  }

  it('refuses cart creation over the client budget with 429, a sentence and Retry-After; others are unaffected', async () => {
    const variantId = await variantWithStock(shop.db, 50, 3);
    const clientKey = newClientKey();
    await exhaust(RATE_LIMITS.cartCreate, clientKey);
    const before = await cartCount();
    const refused = await storefront(addBatch(3, variantId), { clientKey });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(200);
    expect((await errorOf(refused)).message).toMatch(
      /^Too many new carts from your connection\. Please try again in 5 minutes\.$/,
    );
    expect(await cartCount()).toBe(before);
    const other = await storefront(addBatch(1, variantId));
    expect(other.status).toBe(200);
  });

  it.each([
    ['storefront.checkout.start', RATE_LIMITS.checkoutStart, { attemptKey: 'attempt-123456' }],
    [
      'storefront.checkout.pay',
      RATE_LIMITS.checkoutPay,
      { checkoutId: '0b0e7d1c-2f57-4d2b-9a55-2d3f0a1b2c3d', cardNumber: '4242424242424242' },
    ],
    ['storefront.cart.updateLine', RATE_LIMITS.cartWrite, { lineId: 1, quantity: 2 }],
    ['storefront.cart.add', RATE_LIMITS.cartWrite, { variantId: 1, quantity: 1, region: 'us' }],
  ])('limits %s per client', async (path, rule, input) => {
    const clientKey = newClientKey();
    await exhaust(rule, clientKey);
    const res = await storefront(post(path, JSON.stringify({ json: input })), { clientKey });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await errorOf(res)).message).toMatch(/^Too many .+ from your connection\./);
  });

  it.each([
    ['storefront.search.query', { q: 'tea', region: 'us' }],
    ['storefront.search.suggest', { q: 'te' }],
  ])(
    'limits %s per client over the API, and counts nothing for in-process calls',
    async (path, input) => {
      const clientKey = newClientKey();
      await exhaust(RATE_LIMITS.search, clientKey);
      const res = await storefront(get(path, input), { clientKey });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await errorOf(res)).message).toMatch(/^Too many searches from your connection\./);
      const other = await storefront(get(path, input));
      expect(other.status).toBe(200);
    },
  );

  it.each([
    [
      'storefront.checkout.start',
      { attemptKey: 'attempt-outage-1' },
      'We cannot take checkout attempts right now. Please try again in 30 seconds.',
    ],
    [
      'storefront.cart.add',
      { variantId: 1, quantity: 1, region: 'us' },
      // The cart-write limit is asked first (the new-cart one only when a cart is created).
      'We cannot take cart changes right now. Please try again in 30 seconds.',
    ],
  ])(
    'answers %s with 503, a sentence and Retry-After while the limiter cannot reach its database, and logs the cause once',
    async (path, input, sentence) => {
      const down = createDb('postgres://postgres:postgres@127.0.0.1:1/shop', 1);
      try {
        const before = await cartCount();
        const res = await storefront(post(path, JSON.stringify({ json: input })), {
          limiterDb: down,
        });
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe(String(LIMITER_RETRY_SECONDS));
        const error = await errorOf(res);
        expect(error.message).toBe(sentence);
        const requestId = res.headers.get('x-request-id');
        expect(error.data).toMatchObject({
          code: 'SERVICE_UNAVAILABLE',
          httpStatus: 503,
          retryAfterSeconds: LIMITER_RETRY_SECONDS,
          requestId,
        });
        expect(await cartCount()).toBe(before);
        const lines = linesOf(requestId);
        expect(lines).toHaveLength(1);
        expect(lines[0]?.where).toBe(path);
      } finally {
        await down.$client.end();
      }
    },
  );

  it.each(['postgres', 'pg'] as const)(
    'answers 503 with a sentence and Retry-After when the database cannot be reached (%s), and logs the cause once',
    async (driver) => {
      const down = createDb('postgres://postgres:postgres@127.0.0.1:1/shop', 1, driver);
      try {
        const res = await storefront(get('storefront.catalog.regions', undefined), { db: down });
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe(String(DATABASE_RETRY_SECONDS));
        const error = await errorOf(res);
        expect(error.message).toBe(DATABASE_UNAVAILABLE_MESSAGE);
        expect(error.message).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
        const requestId = res.headers.get('x-request-id');
        expect(error.data).toMatchObject({
          code: 'SERVICE_UNAVAILABLE',
          httpStatus: 503,
          requestId,
        });
        expect(linesOf(requestId)).toHaveLength(1);
      } finally {
        await (down.$client as { end(): Promise<void> }).end();
      }
    },
  );

  it('limits guest order lookups per client', async () => {
    const clientKey = newClientKey();
    const lookup = () =>
      storefront(get('storefront.orders.byToken', { number: 1, token: 'not-the-token-000' }), {
        clientKey,
      });
    expect((await lookup()).status).toBe(404);
    await shop.db.execute(sql`
      update rate_limits set hits = ${RATE_LIMITS.orderLookup.max}
       where key = ${`${RATE_LIMITS.orderLookup.name}:${clientKey}`}`);
    const refused = await lookup();
    expect(refused.status).toBe(429);
    expect((await errorOf(refused)).message).toMatch(/^Too many order lookups/);
  });
});
