import { firstRow, queryRows } from '@shop/db/query';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommerceError } from '../errors';
import { listDomainEvents } from '../events/emit';
import {
  mainAndAnnex,
  openShop,
  stockInvariants,
  variantWithStock,
  type TestShop,
} from '../../test/shop';
import { setStockLevels } from './admin-stock';
import { getStockHistory, listStockForAdmin, setLowStockThreshold } from './stock-admin';
import { adjustStock } from './stock-ledger';
import { cancelTransfer, createTransfer, receiveTransfer } from './transfers';

let shop: TestShop;
let main: number;
let annex: number;
beforeAll(async () => {
  shop = await openShop();
  ({ main, annex } = await mainAndAnnex(shop.db));
});
afterAll(async () => {
  await shop.close();
});

async function level(variantId: number, locationId: number) {
  const row = await firstRow<{ on_hand: number; reserved: number }>(
    shop.db,
    sql`select on_hand, reserved from inventory_levels
         where variant_id = ${variantId} and location_id = ${locationId}`,
  );
  return row ? { onHand: Number(row.on_hand), reserved: Number(row.reserved) } : null;
}

async function history(variantId: number) {
  return (await getStockHistory(shop.db, { variantId, limit: 50 })).items.map((a) => [
    a.location,
    a.delta,
    a.onHandAfter,
    a.reason,
  ]);
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof CommerceError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected a refusal');
}

const lastEventId = async () =>
  Number(
    (await firstRow<{ id: number | null }>(shop.db, sql`select max(id) as id from domain_events`))
      ?.id ?? 0,
  );

const adjust = (variantId: number, delta: number, extra: { expectedOnHand?: number } = {}) =>
  adjustStock(shop.db, {
    variantId,
    locationId: main,
    delta,
    reason: 'received',
    note: 'pallet 7',
    actor: 'owner@shop.local',
    ...extra,
  });

describe('adjustStock', () => {
  it('changes the level, writes a history row with reason, note and actor, and notes stock.changed', async () => {
    const id = await variantWithStock(shop.db, 5, 0);
    const before = await lastEventId();
    const row = await adjust(id, 3);
    expect(row).toMatchObject({
      variantId: id,
      location: 'main',
      delta: 3,
      onHandAfter: 8,
      reason: 'received',
      note: 'pallet 7',
      actor: 'owner@shop.local',
    });
    expect(await level(id, main)).toEqual({ onHand: 8, reserved: 0 });
    const events = await listDomainEvents(shop.db, { afterId: before });
    expect(events.map((e) => e.type)).toEqual(['stock.changed']);
  });

  it('refuses going below what checkouts hold, and below 0, writing nothing', async () => {
    const id = await variantWithStock(shop.db, 5, 1);
    await shop.db.execute(
      sql`update inventory_levels set reserved = 4 where variant_id = ${id} and location_id = ${main}`,
    );
    const held = await refusal(adjust(id, -2));
    expect(held.code).toBe('INVALID_INPUT');
    expect(held.message).toMatch(/4 of them held by checkouts; it cannot go below 4/);
    await shop.db.execute(
      sql`update inventory_levels set reserved = 0 where variant_id = ${id} and location_id = ${main}`,
    );
    expect((await refusal(adjust(id, -6))).message).toMatch(/cannot go below 0/);
    expect(await level(id, main)).toEqual({ onHand: 5, reserved: 0 });
    expect(await history(id)).toEqual([]);
  });

  it('refuses an unknown variant or location', async () => {
    expect((await refusal(adjust(999_999, 1))).code).toBe('VARIANT_NOT_FOUND');
    const id = await variantWithStock(shop.db, 1, 2);
    const missing = await refusal(
      adjustStock(shop.db, {
        variantId: id,
        locationId: 999_999,
        delta: 1,
        reason: 'correction',
        note: '',
        actor: 'x',
      }),
    );
    expect(missing).toEqual({
      code: 'INVALID_INPUT',
      message: 'Stock location 999999 does not exist; nothing was changed.',
    });
  });

  it('applies a double submit of the same form once (expectedOnHand)', async () => {
    const id = await variantWithStock(shop.db, 10, 3);
    const results = await Promise.allSettled([
      adjust(id, -3, { expectedOnHand: 10 }),
      adjust(id, -3, { expectedOnHand: 10 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.status === 'rejected' && (rejected.reason as CommerceError).code).toBe(
      'CONFLICT',
    );
    expect(await level(id, main)).toEqual({ onHand: 7, reserved: 0 });
    expect(await history(id)).toEqual([['main', -3, 7, 'received']]);
  });

  it('serialises concurrent adjustments: none is lost and the history adds up', async () => {
    const id = await variantWithStock(shop.db, 20, 4);
    await Promise.all(Array.from({ length: 8 }, (_, i) => adjust(id, i % 2 === 0 ? 5 : -2)));
    expect(await level(id, main)).toEqual({ onHand: 20 + 4 * 5 - 4 * 2, reserved: 0 });
    const rows = await getStockHistory(shop.db, { variantId: id, limit: 50 });
    expect(rows.items).toHaveLength(8);
    // Newest first: each row's level after is the previous (older) one's plus its delta.
    const oldestFirst = [...rows.items].reverse();
    let onHand = 20;
    for (const row of oldestFirst) {
      onHand += row.delta;
      expect(row.onHandAfter).toBe(onHand);
    }
    expect((await stockInvariants(shop.db)).mismatched).toEqual([]);
  });
});

describe('setStockLevels history', () => {
  it('writes a sync row per moved count (the reason text as its note), none for an unchanged one', async () => {
    const id = await variantWithStock(shop.db, 4, 5);
    const sku = (
      await firstRow<{ sku: string }>(
        shop.db,
        sql`select sku from product_variants where id = ${id}`,
      )
    )?.sku;
    if (!sku) throw new Error('no sku');
    await setStockLevels(shop.db, {
      items: [{ sku, onHand: 9 }],
      reason: 'nightly ERP sync',
      actor: 'erp@shop.local',
    });
    await setStockLevels(shop.db, { items: [{ sku, onHand: 9 }], reason: 'again' });
    const rows = await getStockHistory(shop.db, { variantId: id, limit: 50 });
    expect(rows.items.map((r) => [r.delta, r.onHandAfter, r.reason, r.note, r.actor])).toEqual([
      [5, 9, 'sync', 'nightly ERP sync', 'erp@shop.local'],
    ]);
  });
});

describe('low stock', () => {
  it('lists a variant as low once available units reach its threshold, and finds it by SKU', async () => {
    const id = await variantWithStock(shop.db, 3, 0);
    const sku = (
      await firstRow<{ sku: string }>(
        shop.db,
        sql`select sku from product_variants where id = ${id}`,
      )
    )?.sku;
    if (!sku) throw new Error('no sku');
    await setLowStockThreshold(shop.db, { variantId: id, threshold: 2 });
    const low = async () =>
      (await listStockForAdmin(shop.db, { lowStock: true, limit: 200 })).items.map(
        (i) => i.variantId,
      );
    expect(await low()).not.toContain(id);
    await shop.db.execute(
      sql`update inventory_levels set reserved = 1 where variant_id = ${id} and location_id = ${main}`,
    );
    expect(await low()).toContain(id);
    const found = await listStockForAdmin(shop.db, { query: sku.toLowerCase(), limit: 10 });
    expect(found.items.map((i) => [i.variantId, i.available, i.isLow])).toEqual([[id, 2, true]]);
    await setLowStockThreshold(shop.db, { variantId: id, threshold: null });
    expect(await low()).not.toContain(id);
    await shop.db.execute(
      sql`update inventory_levels set reserved = 0 where variant_id = ${id} and location_id = ${main}`,
    );
    expect(
      (await refusal(setLowStockThreshold(shop.db, { variantId: 999_999, threshold: 1 }))).code,
    ).toBe('VARIANT_NOT_FOUND');
  });

  it('treats % and _ in a search as text, not wildcards', async () => {
    const page = await listStockForAdmin(shop.db, { query: '%', limit: 10 });
    expect(page.items).toEqual([]);
  });
});

describe('transfers', () => {
  it('takes units off the source at creation and adds them at the destination once, however often it is received', async () => {
    const id = await variantWithStock(shop.db, 10, 6);
    const transfer = await createTransfer(shop.db, {
      fromLocationId: main,
      toLocationId: annex,
      lines: [{ variantId: id, quantity: 4 }],
      note: 'restock annex',
      actor: 'owner@shop.local',
    });
    expect(transfer).toMatchObject({ status: 'pending', lines: [{ variantId: id, quantity: 4 }] });
    expect(await level(id, main)).toEqual({ onHand: 6, reserved: 0 });
    const received = await Promise.all([
      receiveTransfer(shop.db, { transferId: transfer.id, actor: 'a' }),
      receiveTransfer(shop.db, { transferId: transfer.id, actor: 'b' }),
    ]);
    expect(received.map((t) => t.status)).toEqual(['received', 'received']);
    expect(await level(id, annex)).toEqual({ onHand: 4, reserved: 0 });
    expect(await history(id)).toEqual([
      ['annex', 4, 4, 'transfer_in'],
      ['main', -4, 6, 'transfer_out'],
    ]);
    const late = await refusal(cancelTransfer(shop.db, { transferId: transfer.id, actor: 'a' }));
    expect(late.code).toBe('CONFLICT');
    expect(await level(id, main)).toEqual({ onHand: 6, reserved: 0 });
  });

  it('refuses more units than are available at the source (held units count), writing nothing', async () => {
    const id = await variantWithStock(shop.db, 5, 7);
    await shop.db.execute(
      sql`update inventory_levels set reserved = 2 where variant_id = ${id} and location_id = ${main}`,
    );
    const before = await queryRows(shop.db, sql`select id from stock_transfers`);
    const tooMany = await refusal(
      createTransfer(shop.db, {
        fromLocationId: main,
        toLocationId: annex,
        lines: [{ variantId: id, quantity: 4 }],
        note: '',
        actor: 'x',
      }),
    );
    expect(tooMany.message).toMatch(/has 3 available at main; a transfer cannot take 4/);
    expect(await queryRows(shop.db, sql`select id from stock_transfers`)).toHaveLength(
      before.length,
    );
    expect(await level(id, main)).toEqual({ onHand: 5, reserved: 2 });
    await shop.db.execute(
      sql`update inventory_levels set reserved = 0 where variant_id = ${id} and location_id = ${main}`,
    );
  });

  it('cancels a pending transfer (units back at the source, once), and a canceled one cannot be received', async () => {
    const id = await variantWithStock(shop.db, 8, 8);
    const transfer = await createTransfer(shop.db, {
      fromLocationId: main,
      toLocationId: annex,
      lines: [{ variantId: id, quantity: 8 }],
      note: '',
      actor: 'x',
    });
    expect(await level(id, main)).toEqual({ onHand: 0, reserved: 0 });
    await Promise.all([
      cancelTransfer(shop.db, { transferId: transfer.id, actor: 'x' }),
      cancelTransfer(shop.db, { transferId: transfer.id, actor: 'x' }),
    ]);
    expect(await level(id, main)).toEqual({ onHand: 8, reserved: 0 });
    const refused = await refusal(
      receiveTransfer(shop.db, { transferId: transfer.id, actor: 'x' }),
    );
    expect(refused).toEqual({
      code: 'CONFLICT',
      message: `Transfer ${transfer.id} was canceled; it cannot be received.`,
    });
    expect(await level(id, annex)).toBeNull();
    expect(
      (await refusal(receiveTransfer(shop.db, { transferId: 999_999, actor: 'x' }))).code,
    ).toBe('NOT_FOUND');
  });

  it('refuses an unknown variant or the same location at both ends', async () => {
    const unknown = await refusal(
      createTransfer(shop.db, {
        fromLocationId: main,
        toLocationId: annex,
        lines: [{ variantId: 999_999, quantity: 1 }],
        note: '',
        actor: 'x',
      }),
    );
    expect(unknown.message).toBe('Variant 999999 does not exist; nothing was changed.');
    const same = await refusal(
      createTransfer(shop.db, {
        fromLocationId: main,
        toLocationId: main,
        lines: [{ variantId: 1, quantity: 1 }],
        note: '',
        actor: 'x',
      }),
    );
    expect(same.code).toBe('INVALID_INPUT');
  });
});
