import type { StaffMember } from '@shop/core';
import { firstRow } from '@shop/db/query';
import { captureLogger } from '@shop/logger/testing';
import { TRPCError } from '@trpc/server';
import { sql } from 'drizzle-orm';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openShop, readyCart, variantWithStock, type TestShop } from '../../core/test/shop';
import { startCheckout } from '@shop/core';
import { apiShop } from '../test/shop';
import { BODY_LIMITS, handleTrpcRequest } from './edge';
import { adminApi, createAdminCaller, createAdminContext, staffFromRequest } from './index';

let shop: TestShop;
const logs = captureLogger({ name: 'admin' });

const member = (role: StaffMember['role']): StaffMember => ({
  id: `tokens-${role}`,
  email: `${role}@tokens.test`,
  name: role,
  role,
});
const owner = member('owner');
const manager = member('manager');
const clerk = member('support');

beforeAll(async () => {
  shop = await openShop();
  for (const m of [owner, manager, clerk])
    await shop.db.execute(
      sql`insert into staff_users (id, name, email, role) values (${m.id}, ${m.name}, ${m.email}, ${m.role})`,
    );
});
afterAll(async () => {
  await shop.close();
});

/** The admin router in-process as one staff member (what the admin's pages do). */
const as = (staff: StaffMember) =>
  createAdminCaller(createAdminContext(apiShop(shop), { getStaff: () => Promise.resolve(staff) }));

/** The admin's `/api/trpc` as its route serves it; the cookie `session=owner` signs the owner in. */
function serve(req: Request): Promise<Response> {
  return handleTrpcRequest({
    req,
    router: adminApi,
    maxBodyBytes: BODY_LIMITS.adminApi,
    logger: () => logs.logger,
    createContext: () =>
      createAdminContext(apiShop(shop, { logger: logs.logger }), {
        getStaff: () =>
          staffFromRequest(shop.db, req.headers, () =>
            Promise.resolve(req.headers.get('cookie') === 'session=owner' ? owner : null),
          ),
      }),
  });
}

interface Answer {
  status: number;
  message: string | null;
  data: unknown;
}

/** One call over HTTP (a query is a GET, a mutation a POST), its status and message or result. */
async function call(
  procedure: string,
  input: unknown,
  headers: Record<string, string>,
  kind: 'query' | 'mutation' = 'mutation',
): Promise<Answer> {
  const url = `http://admin.test/api/trpc/admin.${procedure}`;
  const encoded = JSON.stringify(superjson.serialize(input));
  const req =
    kind === 'query'
      ? new Request(`${url}?input=${encodeURIComponent(encoded)}`, { headers })
      : new Request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: encoded,
        });
  const res = await serve(req);
  const body = (await res.json()) as {
    result?: { data: Parameters<typeof superjson.deserialize>[0] };
    error?: { json: { message: string } };
  };
  return {
    status: res.status,
    message: body.error?.json.message ?? null,
    data: body.result ? superjson.deserialize(body.result.data) : null,
  };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function mint(
  scopes: Parameters<ReturnType<typeof as>['admin']['tokens']['create']>[0]['scopes'],
) {
  return as(owner).admin.tokens.create({ name: `sync ${scopes.join(' ')}`, scopes });
}

async function stockedSku(offset: number, onHand: number) {
  const id = await variantWithStock(shop.db, onHand, offset);
  const row = await firstRow<{ sku: string }>(
    shop.db,
    sql`select sku from product_variants where id = ${id}`,
  );
  return { id, sku: String(row?.sku) };
}

async function onHand(variantId: number): Promise<number> {
  const row = await firstRow<{ n: number }>(
    shop.db,
    sql`select sum(on_hand)::int as n from inventory_levels where variant_id = ${variantId}`,
  );
  return Number(row?.n);
}

async function trpcFailure(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    if (err instanceof TRPCError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('admin.tokens', () => {
  it('create shows the token once; list never shows it nor its hash', async () => {
    const created = await mint(['stock:read']);
    expect(created.token).toMatch(/^shop_pat_[A-Za-z0-9_-]{43}$/);
    const listed = await as(owner).admin.tokens.list();
    const row = listed.find((t) => t.id === created.view.id);
    expect(row).toMatchObject({
      status: 'active',
      scopes: ['stock:read'],
      prefix: created.view.prefix,
    });
    const hash = await firstRow<{ token_hash: string }>(
      shop.db,
      sql`select token_hash from api_tokens where id = ${created.view.id}`,
    );
    const text = JSON.stringify(listed);
    expect(text).not.toContain(created.token);
    expect(text).not.toContain(String(hash?.token_hash));
    expect(Object.keys(row ?? {})).not.toContain('token');
  });

  it('only the owner manages tokens', async () => {
    for (const m of [manager, clerk]) {
      expect(await trpcFailure(as(m).admin.tokens.list())).toEqual({
        code: 'FORBIDDEN',
        message: 'Your role does not allow tokens:manage.',
      });
      expect(
        (await trpcFailure(as(m).admin.tokens.create({ name: 'x', scopes: ['stock:read'] }))).code,
      ).toBe('FORBIDDEN');
    }
  });

  it('refuses bad input with a sentence and creates nothing', async () => {
    const count = async () =>
      Number(
        (await firstRow<{ n: number }>(shop.db, sql`select count(*)::int as n from api_tokens`))?.n,
      );
    const before = await count();
    const cookie = { cookie: 'session=owner' };
    const cases: Array<[unknown, RegExp]> = [
      [{ name: ' ', scopes: ['stock:read'] }, /Give the token a name/],
      [{ name: 'ERP', scopes: [] }, /Choose at least one scope/],
      [
        { name: 'ERP', scopes: ['tokens:manage'] },
        /Scopes are products, stock, orders and discounts/,
      ],
      [
        { name: 'ERP', scopes: ['staff:manage'] },
        /Scopes are products, stock, orders and discounts/,
      ],
      [
        { name: 'ERP', scopes: ['stock:read'], expiresAt: new Date(Date.now() - 60_000) },
        /must expire in the future/,
      ],
    ];
    for (const [input, message] of cases) {
      const answer = await call('tokens.create', input, cookie);
      expect(answer.status).toBe(400);
      expect(answer.message).toMatch(message);
    }
    expect(await count()).toBe(before);
    expect((await call('tokens.revoke', { id: 99_999 }, cookie)).status).toBe(404);
  });
});

describe('a token over HTTP', () => {
  it('with stock:read may read stock but gets FORBIDDEN on stock.set', async () => {
    const { token } = await mint(['stock:read']);
    const { id, sku } = await stockedSku(0, 4);
    const levels = await call('stock.levels', { skus: [sku], limit: 5 }, bearer(token), 'query');
    expect(levels.status).toBe(200);
    expect(levels.data).toMatchObject({
      items: [{ sku, levels: [{ location: 'main', onHand: 4, reserved: 0, available: 4 }] }],
    });
    const write = await call(
      'stock.set',
      { items: [{ sku, onHand: 9 }], reason: 'test' },
      bearer(token),
    );
    expect(write).toMatchObject({
      status: 403,
      message: 'This API token does not have the stock:write scope.',
    });
    expect(await onHand(id)).toBe(4);
  });

  it('with stock:write sets stock but may not manage tokens, staff settings or products', async () => {
    const { token } = await mint(['stock:read', 'stock:write']);
    const { id, sku } = await stockedSku(1, 4);
    const write = await call(
      'stock.set',
      { items: [{ sku, onHand: 9 }], reason: 'ERP sync' },
      bearer(token),
    );
    expect(write).toMatchObject({
      status: 200,
      data: { changed: [{ sku, location: 'main', from: 4, to: 9 }], unchanged: 0 },
    });
    expect(await onHand(id)).toBe(9);
    const mintAnother = await call(
      'tokens.create',
      { name: 'mine now', scopes: ['stock:write'] },
      bearer(token),
    );
    expect(mintAnother).toMatchObject({
      status: 403,
      message: 'This API token does not have the tokens:manage scope.',
    });
    expect((await call('tokens.list', undefined, bearer(token), 'query')).status).toBe(403);
    expect((await call('products.list', { limit: 1 }, bearer(token), 'query')).status).toBe(403);
  });

  it('a revoked token is refused on its very next call', async () => {
    const created = await mint(['stock:read']);
    const read = () => call('stock.levels', { limit: 1 }, bearer(created.token), 'query');
    expect((await read()).status).toBe(200);
    await as(owner).admin.tokens.revoke({ id: created.view.id });
    expect(await read()).toMatchObject({
      status: 401,
      message: 'This API token is unknown, revoked or expired.',
    });
    // Revoking twice is fine.
    expect((await as(owner).admin.tokens.revoke({ id: created.view.id })).status).toBe('revoked');
  });

  it('an expired token is refused', async () => {
    const created = await mint(['stock:read']);
    await shop.db.execute(
      sql`update api_tokens set expires_at = now() - interval '1 second' where id = ${created.view.id}`,
    );
    expect(await call('stock.levels', { limit: 1 }, bearer(created.token), 'query')).toMatchObject({
      status: 401,
      message: 'This API token is unknown, revoked or expired.',
    });
  });

  it('a malformed header or token, or an unknown token, is 401 with a sentence and no cookie fallback', async () => {
    const { token } = await mint(['stock:read']);
    const read = (headers: Record<string, string>) =>
      call('stock.levels', { limit: 1 }, headers, 'query');
    expect(await read({ authorization: `Basic ${token}` })).toMatchObject({
      status: 401,
      message: 'The Authorization header must be "Bearer" followed by an API token.',
    });
    expect(await read({ authorization: 'Bearer not-a-token' })).toMatchObject({
      status: 401,
      message:
        'That is not an API token of this shop: tokens are shop_pat_ followed by 43 characters.',
    });
    const unknown = `shop_pat_${'x'.repeat(43)}`;
    expect(await read({ ...bearer(unknown), cookie: 'session=owner' })).toMatchObject({
      status: 401,
      message: 'This API token is unknown, revoked or expired.',
    });
    // The session alone still works; and a token from the URL or a cookie means nothing.
    expect((await read({ cookie: 'session=owner' })).status).toBe(200);
    expect((await read({ cookie: `token=${token}` })).status).toBe(401);
  });

  it('logs each token call and each stock change with the token, never its text', async () => {
    const created = await mint(['stock:read', 'stock:write']);
    const { sku } = await stockedSku(5, 3);
    await call('stock.levels', { limit: 1 }, bearer(created.token), 'query');
    await call(
      'stock.set',
      { items: [{ sku, onHand: 8 }], reason: 'cycle count' },
      bearer(created.token),
    );
    expect(logs.lines).toContainEqual(
      expect.objectContaining({
        msg: 'API token call',
        tokenId: created.view.id,
        procedure: 'admin.stock.levels',
      }),
    );
    expect(logs.lines).toContainEqual(
      expect.objectContaining({
        msg: 'stock counts set',
        by: `token:${created.view.name}`,
        reason: 'cycle count',
        changed: [{ sku, location: 'main', from: 3, to: 8 }],
      }),
    );
    expect(JSON.stringify(logs.lines)).not.toContain(created.token);
  });

  it('a token with every scope still may not change settings or manage tokens', async () => {
    const { token } = await mint([
      'products:read',
      'products:write',
      'stock:read',
      'stock:write',
      'orders:read',
      'orders:write',
    ]);
    expect(
      await call('search.synonyms.save', { terms: ['tee', 'shirt'] }, bearer(token)),
    ).toMatchObject({
      status: 403,
      message: 'This API token does not have the settings:write scope.',
    });
    expect((await call('tokens.revoke', { id: 1 }, bearer(token))).status).toBe(403);
    expect((await call('products.list', { limit: 1 }, bearer(token), 'query')).status).toBe(200);
  });
});

/** A tRPC batch over HTTP (`?batch=1`): every call's status and message, in order. */
async function batch(
  calls: Array<[procedure: string, input: unknown]>,
  headers: Record<string, string>,
  kind: 'query' | 'mutation',
): Promise<Array<{ code: number | null; message: string | null }>> {
  const path = calls.map(([p]) => `admin.${p}`).join(',');
  const inputs = JSON.stringify(
    Object.fromEntries(calls.map(([, input], i) => [i, superjson.serialize(input)])),
  );
  const url = `http://admin.test/api/trpc/${path}?batch=1`;
  const res = await serve(
    kind === 'query'
      ? new Request(`${url}&input=${encodeURIComponent(inputs)}`, { headers })
      : new Request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: inputs,
        }),
  );
  const body = (await res.json()) as Array<{
    error?: { json: { message: string; data: { httpStatus: number } } };
  }>;
  return body.map((r) => ({
    code: r.error ? r.error.json.data.httpStatus : 200,
    message: r.error?.json.message ?? null,
  }));
}

describe('API tokens against hostile requests', () => {
  it('checks every call of a batch on its own: a scope held by one call does not carry to the next', async () => {
    const { token } = await mint(['stock:read']);
    const answers = await batch(
      [
        ['stock.levels', { limit: 1 }],
        ['webhooks.list', undefined],
        ['tokens.list', undefined],
        ['orders.list', {}],
      ],
      bearer(token),
      'query',
    );
    expect(answers.map((a) => a.code)).toEqual([200, 403, 403, 403]);
    const { sku } = await stockedSku(6, 2);
    const writes = await batch(
      [
        ['stock.set', { items: [{ sku, onHand: 2 }], reason: 'batch' }],
        ['tokens.create', { name: 'escalated', scopes: ['stock:write'] }],
      ],
      bearer(token),
      'mutation',
    );
    expect(writes.map((a) => a.code)).toEqual([403, 403]);
    expect((await as(owner).admin.tokens.list()).map((t) => t.name)).not.toContain('escalated');
  });

  it('a revoked token is refused on every call of a batch', async () => {
    const created = await mint(['stock:read']);
    await as(owner).admin.tokens.revoke({ id: created.view.id });
    const answers = await batch(
      [
        ['stock.levels', { limit: 1 }],
        ['stock.levels', { limit: 2 }],
      ],
      bearer(created.token),
      'query',
    );
    expect(answers).toEqual([
      { code: 401, message: 'This API token is unknown, revoked or expired.' },
      { code: 401, message: 'This API token is unknown, revoked or expired.' },
    ]);
  });

  it('reads the token from the Authorization header only, whatever the casing of "Bearer"', async () => {
    const { token } = await mint(['stock:read']);
    const read = (headers: Record<string, string>, query = '') =>
      serve(
        new Request(
          `http://admin.test/api/trpc/admin.stock.levels?input=${encodeURIComponent(JSON.stringify(superjson.serialize({ limit: 1 })))}${query}`,
          { headers },
        ),
      ).then((r) => r.status);
    expect(await read({ authorization: `bearer   ${token}  ` })).toBe(200);
    expect(await read({ authorization: `BEARER ${token}` })).toBe(200);
    expect(await read({ authorization: `Bearer\t${token}` })).toBe(401);
    expect(await read({ authorization: `Bearer ${token} ${token}` })).toBe(401);
    expect(await read({ authorization: `Bearer ${token.toUpperCase()}` })).toBe(401);
    expect(await read({}, `&token=${token}`)).toBe(401);
    expect(await read({}, `&authorization=${encodeURIComponent(`Bearer ${token}`)}`)).toBe(401);
    expect(await read({ 'x-api-token': token, cookie: `authorization=Bearer ${token}` })).toBe(401);
  });
});

describe('text with a NUL character (which Postgres text and jsonb refuse)', () => {
  it('is a 400 with a sentence, not a 500, and writes nothing', async () => {
    const { token } = await mint(['stock:write', 'stock:read']);
    const nul = 'A\u0000B';
    expect(
      await call('stock.set', { items: [{ sku: nul, onHand: 1 }], reason: 'x' }, bearer(token)),
    ).toMatchObject({
      status: 400,
      message: 'SKU "A\u0000B" does not exist; nothing was changed.',
    });
    // A SKU that cannot exist matches nothing.
    expect(
      await call('stock.levels', { skus: [nul], limit: 5 }, bearer(token), 'query'),
    ).toMatchObject({ status: 200, data: { items: [], nextCursor: null } });
    const before = (await as(owner).admin.tokens.list()).length;
    expect(
      await call(
        'tokens.create',
        { name: nul, scopes: ['stock:read'] },
        { cookie: 'session=owner' },
      ),
    ).toMatchObject({ status: 400, message: 'A token name cannot contain a NUL character.' });
    expect(await as(owner).admin.tokens.list()).toHaveLength(before);
  });
});

describe('admin.stock.set over HTTP', () => {
  it('refuses bad input with a 400 that names the SKU, and writes nothing', async () => {
    const { token } = await mint(['stock:write']);
    const { id, sku } = await stockedSku(2, 5);
    const set = (items: unknown[], reason = 'ERP sync') =>
      call('stock.set', { items, reason }, bearer(token));
    const cases: Array<[unknown[], string | RegExp]> = [
      [
        [
          { sku, onHand: 7 },
          { sku: 'NOPE-1', onHand: 1 },
        ],
        'SKU "NOPE-1" does not exist; nothing was changed.',
      ],
      [
        [{ sku, onHand: -1 }],
        new RegExp(`SKU ${sku}: on hand must be a whole number from 0 to 1000000000 \\(got -1\\)`),
      ],
      [
        [{ sku, onHand: 2.5 }],
        new RegExp(`SKU ${sku}: on hand must be a whole number .*got 2\\.5`),
      ],
      [
        [
          { sku, onHand: 3 },
          { sku, onHand: 4 },
        ],
        new RegExp(`SKU ${sku} is listed twice`),
      ],
      [[], /Send at least one item/],
      [Array.from({ length: 501 }, (_, i) => ({ sku: `S-${i}`, onHand: 1 })), /at most 500 items/],
      [
        [{ sku, location: 'attic', onHand: 3 }],
        `Stock location "attic" (for SKU "${sku}") does not exist; nothing was changed.`,
      ],
    ];
    for (const [items, message] of cases) {
      const answer = await set(items);
      expect(answer.status, JSON.stringify(answer)).toBe(400);
      expect(answer.message).toMatch(message);
    }
    expect((await set([{ sku, onHand: 1 }], '  ')).message).toMatch(/Give a reason/);
    expect(await onHand(id)).toBe(5);
  });

  it('refuses an on-hand count below what checkouts hold', async () => {
    const { token } = await mint(['stock:write']);
    const { id, sku } = await stockedSku(3, 5);
    const cartId = await readyCart(shop.db, { lines: [{ variantId: id, quantity: 2 }] });
    await startCheckout(
      shop.db,
      { cartId, customerId: null, attemptKey: 'held' },
      { payments: shop.payments },
    );
    const answer = await call(
      'stock.set',
      { items: [{ sku, onHand: 1 }], reason: 'count' },
      bearer(token),
    );
    expect(answer).toMatchObject({
      status: 400,
      message: `SKU "${sku}" has 2 units held by checkouts at main; its on-hand count cannot be set below 2. Nothing was changed.`,
    });
    expect(await onHand(id)).toBe(5);
  });

  it('a replay changes nothing further; concurrent sets of one SKU leave a consistent row', async () => {
    const { token } = await mint(['stock:write']);
    const { id, sku } = await stockedSku(4, 5);
    const body = { items: [{ sku, onHand: 11 }], reason: 'nightly' };
    expect((await call('stock.set', body, bearer(token))).data).toMatchObject({
      changed: [{ from: 5, to: 11 }],
    });
    expect((await call('stock.set', body, bearer(token))).data).toEqual({
      changed: [],
      unchanged: 1,
    });
    const answers = await Promise.all(
      [20, 21, 22, 23, 24].map((n) =>
        call('stock.set', { items: [{ sku, onHand: n }], reason: 'race' }, bearer(token)),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect([20, 21, 22, 23, 24]).toContain(await onHand(id));
  });
});
