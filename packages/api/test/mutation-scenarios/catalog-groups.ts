import { queryRows } from '@shop/db/query';
import { sql } from 'drizzle-orm';
import type { MutationStep, ScenarioContext } from './types';

/** The category tree and collections (`admin.categories.*`, `admin.collections.*`). */

const get = (ctx: ScenarioContext, key: string): number => {
  const value = ctx.state.get(key);
  if (typeof value !== 'number') throw new Error(`no ${key} from an earlier step`);
  return value;
};

async function firstProductId(ctx: ScenarioContext): Promise<number> {
  const [row] = await queryRows<{ id: number }>(
    ctx.db,
    sql`select id from products order by id limit 1`,
  );
  if (!row) throw new Error('the scenario shop has no product');
  return Number(row.id);
}

export const steps: MutationStep[] = [
  {
    path: 'admin.categories.create',
    async run(ctx) {
      const parent = await ctx.admin.categories.create({ name: 'Scenario Parent' });
      ctx.state.set('category.parent', parent.id);
      // A second one, made outside the step's own call, to move and delete below.
      const child = await ctx.admin.categories.create({ name: 'Scenario Child' });
      ctx.state.set('category.child', child.id);
      return parent;
    },
  },
  {
    path: 'admin.categories.update',
    run: (ctx) =>
      ctx.admin.categories.update({ id: get(ctx, 'category.child'), name: 'Scenario Leaf' }),
  },
  {
    path: 'admin.categories.move',
    run: (ctx) =>
      ctx.admin.categories.move({
        id: get(ctx, 'category.child'),
        parentId: get(ctx, 'category.parent'),
      }),
  },
  {
    path: 'admin.categories.reorder',
    run: (ctx) => ctx.admin.categories.reorder({ id: get(ctx, 'category.parent'), to: 0 }),
  },
  {
    path: 'admin.categories.delete',
    run: (ctx) => ctx.admin.categories.delete({ id: get(ctx, 'category.child') }),
  },
  {
    path: 'admin.collections.create',
    async run(ctx) {
      const collection = await ctx.admin.collections.create({ title: 'Scenario Collection' });
      ctx.state.set('collection', collection.id);
      return collection;
    },
  },
  {
    path: 'admin.collections.update',
    run: (ctx) =>
      ctx.admin.collections.update({ id: get(ctx, 'collection'), description: 'For the test.' }),
  },
  {
    path: 'admin.collections.reorder',
    run: (ctx) => ctx.admin.collections.reorder({ id: get(ctx, 'collection'), to: 0 }),
  },
  {
    path: 'admin.collections.addProduct',
    async run(ctx) {
      const productId = await firstProductId(ctx);
      ctx.state.set('collection.product', productId);
      return ctx.admin.collections.addProduct({ collectionId: get(ctx, 'collection'), productId });
    },
  },
  {
    path: 'admin.collections.reorderProduct',
    run: (ctx) =>
      ctx.admin.collections.reorderProduct({
        collectionId: get(ctx, 'collection'),
        productId: get(ctx, 'collection.product'),
        to: 0,
      }),
  },
  {
    path: 'admin.collections.removeProduct',
    run: (ctx) =>
      ctx.admin.collections.removeProduct({
        collectionId: get(ctx, 'collection'),
        productId: get(ctx, 'collection.product'),
      }),
  },
  {
    path: 'admin.collections.delete',
    run: (ctx) => ctx.admin.collections.delete({ id: get(ctx, 'collection') }),
  },
];
