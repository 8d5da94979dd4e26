import { firstRow } from '@shop/db/query';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommerceError } from '../errors';
import { recordAudit, type AuditHook } from '../staff/audit';
import { mainAndAnnex, openShop, variantWithStock, type TestShop } from '../../test/shop';
import { createTransfer } from './transfers';

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

const actor = 'stock@shop.test';
/** The hook the admin API binds: an audit row in the caller's transaction. */
const audit: AuditHook = (tx, change) =>
  recordAudit(tx, {
    ...change,
    actor: { id: 'staff-1', email: actor },
    action: 'stock.transfers.create',
  });

const count = async (q: ReturnType<typeof sql>) =>
  Number((await firstRow<{ n: number }>(shop.db, q))?.n);
const transfersOf = (variantId: number) =>
  count(
    sql`select count(distinct transfer_id)::int as n from stock_transfer_lines where variant_id = ${variantId}`,
  );
const onHandAtMain = (variantId: number) =>
  count(
    sql`select on_hand as n from inventory_levels where variant_id = ${variantId} and location_id = ${main}`,
  );

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof CommerceError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('createTransfer with an idempotency key', () => {
  it('creates one transfer for a double submit, even when both calls run at once', async () => {
    const variantId = await variantWithStock(shop.db, 10, 0);
    const params = {
      fromLocationId: main,
      toLocationId: annex,
      lines: [{ variantId, quantity: 3 }],
      note: 'to the annex',
      actor,
      idempotencyKey: 'b1a7e0c2-5d1e-4c55-9a53-0c1f3d2e4a10',
    };
    const [first, second] = await Promise.all([
      createTransfer(shop.db, params, { audit }),
      createTransfer(shop.db, params, { audit }),
    ]);
    expect(second).toEqual(first);
    // A retry later (the answer was lost) answers the same transfer too.
    expect((await createTransfer(shop.db, params, { audit })).id).toBe(first.id);
    expect(await transfersOf(variantId)).toBe(1);
    expect(await onHandAtMain(variantId)).toBe(7);
    expect(
      await count(
        sql`select count(*)::int as n from audit_log
             where target_type = 'stock.transfer' and target_id = ${String(first.id)}`,
      ),
    ).toBe(1);
  });

  it('refuses the same key with other lines, locations or note (CONFLICT), writing nothing', async () => {
    const variantId = await variantWithStock(shop.db, 10, 1);
    const params = {
      fromLocationId: main,
      toLocationId: annex,
      lines: [{ variantId, quantity: 2 }],
      note: '',
      actor,
      idempotencyKey: 'c2b8f1d3-6e2f-4d66-8b64-1d2e4e3f5b21',
    };
    const created = await createTransfer(shop.db, params, { audit });
    for (const other of [
      { ...params, lines: [{ variantId, quantity: 5 }] },
      { ...params, fromLocationId: annex, toLocationId: main },
      { ...params, note: 'another note' },
    ]) {
      expect(await refusal(createTransfer(shop.db, other, { audit }))).toEqual({
        code: 'CONFLICT',
        message: `This idempotency key already created transfer ${created.id} (main → annex) with other locations, lines or note; nothing was changed. Start a new transfer to create another.`,
      });
    }
    expect(await transfersOf(variantId)).toBe(1);
    expect(await onHandAtMain(variantId)).toBe(8);
  });

  it('creates a transfer per key, and a key is the actor’s own', async () => {
    const variantId = await variantWithStock(shop.db, 10, 2);
    const params = {
      fromLocationId: main,
      toLocationId: annex,
      lines: [{ variantId, quantity: 1 }],
      note: 'weekly top-up',
      actor,
    };
    const a = await createTransfer(
      shop.db,
      { ...params, idempotencyKey: 'key-one-0001' },
      { audit },
    );
    const b = await createTransfer(
      shop.db,
      { ...params, idempotencyKey: 'key-two-0002' },
      { audit },
    );
    const c = await createTransfer(
      shop.db,
      { ...params, actor: 'other@shop.test', idempotencyKey: 'key-one-0001' },
      { audit },
    );
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
    // Without a key, every call is a new transfer (as before keys existed).
    await createTransfer(shop.db, params, { audit });
    expect(await transfersOf(variantId)).toBe(4);
    expect(await onHandAtMain(variantId)).toBe(6);
  });

  it('a refused first try keeps nothing under the key: the corrected submit creates it', async () => {
    const variantId = await variantWithStock(shop.db, 4, 3);
    const params = {
      fromLocationId: main,
      toLocationId: annex,
      lines: [{ variantId, quantity: 9 }],
      note: '',
      actor,
      idempotencyKey: 'd3c9a2e4-7f3a-4e77-9c75-2e3f5f4a6c32',
    };
    expect((await refusal(createTransfer(shop.db, params, { audit }))).code).toBe('INVALID_INPUT');
    const created = await createTransfer(
      shop.db,
      { ...params, lines: [{ variantId, quantity: 4 }] },
      { audit },
    );
    expect(created.lines).toEqual([{ variantId, sku: expect.any(String) as string, quantity: 4 }]);
    expect(await onHandAtMain(variantId)).toBe(0);
  });

  it('needs the audit hook that keeps the key', async () => {
    const variantId = await variantWithStock(shop.db, 4, 4);
    await expect(
      createTransfer(shop.db, {
        fromLocationId: main,
        toLocationId: annex,
        lines: [{ variantId, quantity: 1 }],
        note: '',
        actor,
        idempotencyKey: 'e4d0b3f5-8a4b-4f88-8d86-3f4a6a5b7d43',
      }),
    ).rejects.toThrow('pass the audit hook');
    expect(await transfersOf(variantId)).toBe(0);
  });
});
