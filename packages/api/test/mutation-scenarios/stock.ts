import { createTransfer } from '@shop/core';
import { firstRow } from '@shop/db/query';
import type { Transfer } from '@shop/validators';
import { sql } from 'drizzle-orm';
import { variantWithStock } from '../../../core/test/shop';
import { ENVIRONMENT, keep, recall, stateKey } from './state';
import type { MutationStep, ScenarioContext } from './types';

interface Place {
  variantId: number;
  sku: string;
  main: number;
  annex: number;
}
const PLACE = stateKey<Place>('stock.place');
const TRANSFER = stateKey<Transfer>('stock.transfer');

/** A variant with stock at the seeded warehouse, and a second location to move it to. */
async function place(ctx: ScenarioContext): Promise<Place> {
  const variantId = await variantWithStock(ctx.shop.db, 40, 3);
  const row = await firstRow<{ sku: string; main: number; annex: number }>(
    ctx.db,
    sql`with annex as (
          insert into stock_locations (code, name) values ('audit-annex', 'Audit annex')
          on conflict (code) do update set name = excluded.name returning id)
        select v.sku, (select id from stock_locations where code = 'main')::int as main,
               (select id from annex)::int as annex
          from product_variants v where v.id = ${variantId}`,
  );
  if (!row) throw new Error('the stock scenario found no variant');
  return { variantId, sku: row.sku, main: Number(row.main), annex: Number(row.annex) };
}

/** `admin.stock.*`: counts, adjustments, thresholds and transfers. */
export const steps: MutationStep[] = [
  {
    path: 'admin.stock.set',
    run: async (ctx) => {
      const { sku } = keep(ctx, PLACE, await place(ctx));
      return ctx.admin.stock.set({ items: [{ sku, onHand: 30 }], reason: 'audit scenario count' });
    },
  },
  {
    path: 'admin.stock.adjust',
    run: (ctx) => {
      const { variantId, main } = recall(ctx, PLACE);
      return ctx.admin.stock.adjust({ variantId, locationId: main, delta: 5, reason: 'received' });
    },
  },
  {
    path: 'admin.stock.setThreshold',
    run: (ctx) =>
      ctx.admin.stock.setThreshold({ variantId: recall(ctx, PLACE).variantId, threshold: 4 }),
  },
  {
    path: 'admin.stock.transfers.create',
    run: async (ctx) => {
      const { variantId, main, annex } = recall(ctx, PLACE);
      return keep(
        ctx,
        TRANSFER,
        await ctx.admin.stock.transfers.create({
          fromLocationId: main,
          toLocationId: annex,
          lines: [{ variantId, quantity: 3 }],
          note: 'audit scenario',
        }),
      );
    },
  },
  {
    path: 'admin.stock.transfers.receive',
    run: (ctx) => ctx.admin.stock.transfers.receive({ transferId: recall(ctx, TRANSFER).id }),
  },
  {
    path: 'admin.stock.transfers.cancel',
    run: async (ctx) => {
      // A second transfer, pending, made in the core (its creation is not the step's call).
      const { variantId, main, annex } = recall(ctx, PLACE);
      const pending = await createTransfer(ctx.db, {
        fromLocationId: main,
        toLocationId: annex,
        lines: [{ variantId, quantity: 2 }],
        note: 'to be cancelled',
        actor: recall(ctx, ENVIRONMENT).owner.email,
      });
      return ctx.admin.stock.transfers.cancel({ transferId: pending.id });
    },
  },
];
