import { firstRow, queryRows } from '@shop/db/query';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCheckout } from '../checkout/checkout';
import { CommerceError } from '../errors';
import { listDomainEvents } from '../events/emit';
import {
  openShop,
  readyCart,
  stockInvariants,
  variantWithStock,
  type TestShop,
} from '../../test/shop';
import { listStockLevels, setStockLevels } from './admin-stock';

let shop: TestShop;
beforeAll(async () => {
  shop = await openShop();
});
afterAll(async () => {
  await shop.close();
});

async function variant(offset: number, onHand: number) {
  const id = await variantWithStock(shop.db, onHand, offset);
  const row = await firstRow<{ sku: string; product_id: number }>(
    shop.db,
    sql`select sku, product_id from product_variants where id = ${id}`,
  );
  if (!row) throw new Error(`variant ${id} vanished`);
  return { id, sku: row.sku, productId: Number(row.product_id) };
}

async function onHandOf(variantId: number): Promise<number> {
  const row = await firstRow<{ on_hand: number }>(
    shop.db,
    sql`select on_hand from inventory_levels il join stock_locations l on l.id = il.location_id
         where il.variant_id = ${variantId} and l.code = 'main'`,
  );
  return Number(row?.on_hand);
}

async function lastEventId(): Promise<number> {
  const row = await firstRow<{ id: number | null }>(
    shop.db,
    sql`select max(id) as id from domain_events`,
  );
  return Number(row?.id ?? 0);
}

async function sentence(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof CommerceError && err.code === 'INVALID_INPUT') return err.message;
    throw err;
  }
  throw new Error('expected INVALID_INPUT');
}

describe('setStockLevels', () => {
  it('sets absolute counts, emits one stock.changed (adjusted), and a replay changes nothing', async () => {
    const a = await variant(0, 5);
    const b = await variant(1, 7);
    const before = await lastEventId();
    const items = [
      { sku: a.sku, onHand: 12 },
      { sku: b.sku, location: 'main', onHand: 7 },
    ];
    expect(await setStockLevels(shop.db, { items })).toEqual({
      changed: [{ sku: a.sku, location: 'main', from: 5, to: 12 }],
      unchanged: 1,
    });
    expect(await onHandOf(a.id)).toBe(12);
    const events = await listDomainEvents(shop.db, { afterId: before });
    expect(events.map((e) => [e.type, e.payload])).toEqual([
      ['stock.changed', { reason: 'adjusted', productIds: [a.productId], variantIds: [a.id] }],
    ]);

    const replayMark = await lastEventId();
    expect(await setStockLevels(shop.db, { items })).toEqual({ changed: [], unchanged: 2 });
    expect(await listDomainEvents(shop.db, { afterId: replayMark })).toEqual([]);
  });

  it('refuses unknown SKUs and locations, naming them, and writes nothing', async () => {
    const a = await variant(2, 4);
    const before = await lastEventId();
    expect(
      await sentence(
        setStockLevels(shop.db, {
          items: [
            { sku: a.sku, onHand: 9 },
            { sku: 'NO-SUCH-SKU', onHand: 1 },
          ],
        }),
      ),
    ).toBe('SKU "NO-SUCH-SKU" does not exist; nothing was changed.');
    expect(
      await sentence(
        setStockLevels(shop.db, {
          items: [
            { sku: a.sku, onHand: 9 },
            { sku: a.sku, location: 'attic', onHand: 1 },
          ],
        }),
      ),
    ).toBe(`Stock location "attic" (for SKU "${a.sku}") does not exist; nothing was changed.`);
    expect(await onHandOf(a.id)).toBe(4);
    expect(await lastEventId()).toBe(before);
  });

  it('refuses one level counted twice (once without its location, once naming it) and writes nothing', async () => {
    // The schema's duplicate check sees two lines (no location, "main"); both are main's row, and
    // one UPDATE with two counts for one row keeps whichever Postgres meets last.
    const a = await variant(6, 4);
    const before = await lastEventId();
    expect(
      await sentence(
        setStockLevels(shop.db, {
          items: [
            { sku: a.sku, onHand: 3 },
            { sku: a.sku, location: 'main', onHand: 9 },
          ],
        }),
      ),
    ).toBe(
      `SKU "${a.sku}" is listed twice for location main (a line without a location counts there); send one count per SKU and location. Nothing was changed.`,
    );
    expect(await onHandOf(a.id)).toBe(4);
    expect(await lastEventId()).toBe(before);
  });

  it('refuses a count below what checkouts hold, and leaves the hold and the count', async () => {
    const a = await variant(3, 5);
    const cartId = await readyCart(shop.db, { lines: [{ variantId: a.id, quantity: 3 }] });
    await startCheckout(
      shop.db,
      { cartId, customerId: null, attemptKey: 'hold' },
      { payments: shop.payments },
    );
    expect(await sentence(setStockLevels(shop.db, { items: [{ sku: a.sku, onHand: 2 }] }))).toBe(
      `SKU "${a.sku}" has 3 units held by checkouts at main; its on-hand count cannot be set below 3. Nothing was changed.`,
    );
    expect(await onHandOf(a.id)).toBe(5);
    // Exactly what is held is allowed: nothing left to sell, the hold intact.
    await setStockLevels(shop.db, { items: [{ sku: a.sku, onHand: 3 }] });
    expect(await onHandOf(a.id)).toBe(3);
    expect((await stockInvariants(shop.db)).mismatched).toEqual([]);
  });

  it('concurrent sets of one SKU leave one of the counts sent and consistent rows', async () => {
    const a = await variant(4, 1);
    const b = await variant(5, 1);
    const counts = [10, 20, 30, 40, 50, 60, 70, 80];
    // Half the calls list the two SKUs in the opposite order: locking in a fixed order means
    // they queue instead of deadlocking.
    const results = await Promise.all(
      counts.map((n, i) => {
        const items = [
          { sku: a.sku, onHand: n },
          { sku: b.sku, onHand: n + 1 },
        ];
        return setStockLevels(shop.db, { items: i % 2 ? items.reverse() : items });
      }),
    );
    const final = await onHandOf(a.id);
    expect(counts).toContain(final);
    expect(await onHandOf(b.id)).toBe(final + 1);
    // Each call saw the count left by the one before it: the chain of from → to is unbroken.
    const moves = results.flatMap((r) => r.changed.filter((c) => c.sku === a.sku));
    expect(moves).toHaveLength(counts.length);
    const froms = new Set(moves.map((m) => m.from));
    expect(froms.has(1)).toBe(true);
    expect(moves.filter((m) => !froms.has(m.to)).map((m) => m.to)).toEqual([final]);
    expect((await stockInvariants(shop.db)).mismatched).toEqual([]);
  });

  it('counts a variant at a location it had no row at', async () => {
    const a = await variant(6, 2);
    await shop.db.execute(
      sql`insert into stock_locations (code, name) values ('annex', 'Annex') on conflict do nothing`,
    );
    const result = await setStockLevels(shop.db, {
      items: [{ sku: a.sku, location: 'annex', onHand: 6 }],
    });
    expect(result.changed).toEqual([{ sku: a.sku, location: 'annex', from: 0, to: 6 }]);
    const page = await listStockLevels(shop.db, { skus: [a.sku], limit: 10 });
    expect(page.items).toEqual([
      {
        variantId: a.id,
        productId: a.productId,
        sku: a.sku,
        manageInventory: true,
        levels: [
          { location: 'annex', onHand: 6, reserved: 0, available: 6 },
          { location: 'main', onHand: 2, reserved: 0, available: 2 },
        ],
      },
    ]);
  });
});

describe('listStockLevels', () => {
  it('pages every variant by id without repeats', async () => {
    const all = await queryRows<{ id: number }>(shop.db, sql`select id from product_variants`);
    const seen: number[] = [];
    let cursor: number | null = null;
    for (let i = 0; i < 100; i++) {
      const page = await listStockLevels(shop.db, { cursor, limit: 7 });
      seen.push(...page.items.map((v) => v.variantId));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(all.map((r) => Number(r.id)).sort((x, y) => x - y));
  });

  it('finds SKUs with quotes and commas literally', async () => {
    expect((await listStockLevels(shop.db, { skus: ['a,"b', "c'd"], limit: 5 })).items).toEqual([]);
  });
});
