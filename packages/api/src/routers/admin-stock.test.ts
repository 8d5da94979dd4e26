import type { StaffMember } from '@shop/core';
import { firstRow } from '@shop/db/query';
import { TRPCError } from '@trpc/server';
import { sql } from 'drizzle-orm';
import { ZodError } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openShop, variantWithStock, type TestShop } from '../../../core/test/shop';
import { apiShop } from '../../test/shop';
import { createAdminCaller, createAdminContext } from '../index';

let shop: TestShop;
let main: number;
const manager: StaffMember = { id: 's-man', email: 'manager@s.test', name: 'M', role: 'manager' };
const support: StaffMember = { id: 's-sup', email: 'support@s.test', name: 'S', role: 'support' };

beforeAll(async () => {
  shop = await openShop(3);
  main = Number(
    (await firstRow<{ id: number }>(shop.db, sql`select id from stock_locations order by id`))?.id,
  );
});
afterAll(async () => {
  await shop.close();
});

const as = (staff: StaffMember) =>
  createAdminCaller(createAdminContext(apiShop(shop), { getStaff: () => Promise.resolve(staff) }))
    .admin;

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof TRPCError && err.cause instanceof ZodError)
      return { code: err.code, message: err.cause.issues.map((i) => i.message).join(' ') };
    if (err instanceof TRPCError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected the call to fail');
}

const ledgerRows = async () =>
  Number(
    (await firstRow<{ n: number }>(shop.db, sql`select count(*)::int as n from stock_adjustments`))
      ?.n,
  );

describe('admin.stock.adjust over the router', () => {
  it('records the caller as the actor and answers the history row', async () => {
    const variantId = await variantWithStock(shop.db, 4, 0);
    const row = await as(manager).stock.adjust({
      variantId,
      locationId: main,
      delta: -1,
      reason: 'damaged',
      note: 'dropped',
    });
    expect(row).toMatchObject({ delta: -1, onHandAfter: 3, actor: 'manager@s.test' });
    const audit = await firstRow<{ target_type: string; before: unknown; after: unknown }>(
      shop.db,
      sql`select target_type, before, after from audit_log
           where action = 'stock.adjust' and target_id = ${String(variantId)}`,
    );
    expect(audit).toMatchObject({
      target_type: 'variant',
      before: { location: 'main', onHand: 4 },
      after: { delta: -1, onHandAfter: 3 },
    });
    const history = await as(support).stock.history({ variantId });
    expect(history.items.map((i) => i.id)).toEqual([row.id]);
    expect(history.variant.levels).toEqual([
      { location: 'main', onHand: 3, reserved: 0, available: 3 },
    ]);
  });

  it.each([
    [{ delta: 0, reason: 'received' }, 'Change must not be 0'],
    [{ delta: 1.5, reason: 'received' }, 'Change must be a whole number of units'],
    [{ delta: 1, reason: 'sync' }, 'reason must be one of'],
    [{ delta: 1, reason: 'received', note: 'x'.repeat(501) }, 'note must be at most 500'],
  ])('refuses %o with a sentence, writing nothing', async (input, sentence) => {
    const variantId = await variantWithStock(shop.db, 4, 1);
    const before = await ledgerRows();
    const refused = await failure(
      as(manager).stock.adjust({ variantId, locationId: main, ...input } as never),
    );
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toContain(sentence);
    expect(await ledgerRows()).toBe(before);
  });

  it('is for stock:write: support may read levels but not adjust or transfer', async () => {
    const variantId = await variantWithStock(shop.db, 4, 2);
    const adjust = await failure(
      as(support).stock.adjust({ variantId, locationId: main, delta: 1, reason: 'received' }),
    );
    expect(adjust.code).toBe('FORBIDDEN');
    const transfer = await failure(
      as(support).stock.transfers.create({
        fromLocationId: main,
        toLocationId: main + 1,
        lines: [{ variantId, quantity: 1 }],
      }),
    );
    expect(transfer.code).toBe('FORBIDDEN');
    expect((await as(support).stock.list({ query: '' })).items.length).toBeGreaterThan(0);
  });

  it('refuses a transfer to the same location, or a variant listed twice, as input', async () => {
    const variantId = await variantWithStock(shop.db, 4, 2);
    const same = await failure(
      as(manager).stock.transfers.create({
        fromLocationId: main,
        toLocationId: main,
        lines: [{ variantId, quantity: 1 }],
      }),
    );
    expect(same).toEqual({
      code: 'BAD_REQUEST',
      message: 'A transfer goes to another location than the one it leaves',
    });
    const twice = await failure(
      as(manager).stock.transfers.create({
        fromLocationId: main,
        toLocationId: main + 1,
        lines: [
          { variantId, quantity: 1 },
          { variantId, quantity: 2 },
        ],
      }),
    );
    expect(twice.message).toBe('Each variant appears once in a transfer');
  });
});

describe('admin.stock.transfers.create with an idempotency key', () => {
  it('creates one transfer for the same key, refuses the key with other lines, and checks the key', async () => {
    const variantId = await variantWithStock(shop.db, 6, 6);
    const annex = Number(
      (
        await firstRow<{ id: number }>(
          shop.db,
          sql`insert into stock_locations (code, name) values ('keyed', 'Keyed annex') returning id`,
        )
      )?.id,
    );
    const unkeyed = {
      fromLocationId: main,
      toLocationId: annex,
      lines: [{ variantId, quantity: 2 }],
      note: 'form submit',
    };
    const input = { ...unkeyed, idempotencyKey: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f' };
    const [first, second] = await Promise.all([
      as(manager).stock.transfers.create(input),
      as(manager).stock.transfers.create(input),
    ]);
    expect(second.id).toBe(first.id);
    const transfers = async () =>
      Number(
        (
          await firstRow<{ n: number }>(
            shop.db,
            sql`select count(*)::int as n from stock_transfers where to_location_id = ${annex}`,
          )
        )?.n,
      );
    expect(await transfers()).toBe(1);
    // The key rides in the creation's audit entry, with the transfer.
    const entry = await firstRow<{ after: { idempotencyKey: string; id: number } }>(
      shop.db,
      sql`select after from audit_log where action = 'stock.transfers.create'
           and target_type = 'stock.transfer' and target_id = ${String(first.id)}`,
    );
    expect(entry?.after).toMatchObject({ idempotencyKey: input.idempotencyKey, id: first.id });

    expect(
      await failure(
        as(manager).stock.transfers.create({ ...input, lines: [{ variantId, quantity: 3 }] }),
      ),
    ).toEqual({
      code: 'CONFLICT',
      message: `This idempotency key already created transfer ${first.id} (main → keyed) with other locations, lines or note; nothing was changed. Start a new transfer to create another.`,
    });
    expect(
      await failure(as(manager).stock.transfers.create({ ...input, idempotencyKey: 'x' })),
    ).toEqual({ code: 'BAD_REQUEST', message: 'Idempotency key must be 8 to 100 characters' });
    // Without a key (integrations that never sent one), each call is a transfer.
    await as(manager).stock.transfers.create({ ...unkeyed, lines: [{ variantId, quantity: 1 }] });
    expect(await transfers()).toBe(2);
  });
});
