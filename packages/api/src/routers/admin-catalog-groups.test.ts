import { listCollectionProducts, type StaffMember } from '@shop/core';
import { listQueuedJobs } from '@shop/db/jobs';
import { firstRow, queryRows } from '@shop/db/query';
import { TRPCError } from '@trpc/server';
import { sql } from 'drizzle-orm';
import { ZodError } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openShop, type TestShop } from '../../../core/test/shop';
import { steps } from '../../test/mutation-scenarios/catalog-groups';
import { apiShop } from '../../test/shop';
import {
  createAdminCaller,
  createAdminContext,
  createStorefrontCaller,
  createStorefrontContext,
} from '../index';

let shop: TestShop;
const owner: StaffMember = { id: 'g-owner', email: 'owner@g.test', name: 'O', role: 'owner' };
const support: StaffMember = { id: 'g-sup', email: 'sup@g.test', name: 'S', role: 'support' };

beforeAll(async () => {
  shop = await openShop(8);
});
afterAll(async () => {
  await shop.close();
});

const as = (staff: StaffMember) =>
  createAdminCaller(createAdminContext(apiShop(shop), { getStaff: () => Promise.resolve(staff) }))
    .admin;
const storefront = () => createStorefrontCaller(createStorefrontContext(apiShop(shop))).storefront;

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

/** Everything a refused write could have touched, to compare before and after. */
async function snapshot() {
  return {
    categories: await queryRows(
      shop.db,
      sql`select id, parent_id, handle, name, position from categories order by id`,
    ),
    collections: await queryRows(
      shop.db,
      sql`select id, handle, title, description, position from collections order by id`,
    ),
    members: await queryRows(
      shop.db,
      sql`select collection_id, product_id, position from collection_products order by 1, 2`,
    ),
    links: await queryRows(shop.db, sql`select * from product_categories order by 1, 2`),
    audit: await queryRows(shop.db, sql`select id from audit_log order by id`),
  };
}

async function siblingsOf(
  parentId: number | null,
): Promise<Array<{ name: string; position: number }>> {
  return (await as(owner).categories.tree())
    .filter((c) => c.parentId === parentId)
    .map((c) => ({ name: c.name, position: c.position }));
}

/** The first `n` active products' ids (the seed has more). */
async function productIds(n: number): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    shop.db,
    sql`select id from products where status = 'active' order by id limit ${n}`,
  );
  if (rows.length < n) throw new Error(`the seed has fewer than ${n} active products`);
  return rows.map((r) => Number(r.id));
}

/** The id of the one category of the admin's tree that `match` picks. */
async function categoryId(
  match: (c: { name: string; handle: string; parentId: number | null }) => boolean,
) {
  const found = (await as(owner).categories.tree()).find(match);
  if (!found) throw new Error('no such category');
  return found.id;
}

describe('admin.categories', () => {
  it('creates with a handle made from the name, unique, last among its siblings; audited', async () => {
    const root = await as(owner).categories.create({ name: 'Garden Tools' });
    expect(root).toMatchObject({ handle: 'garden-tools', depth: 0, parentId: null });
    const a = await as(owner).categories.create({ name: 'Spades', parentId: root.id });
    const b = await as(owner).categories.create({ name: 'Rakes', parentId: root.id });
    expect([a.position, b.position]).toEqual([0, 1]);
    expect(b).toMatchObject({ depth: 1, path: 'Garden Tools / Rakes' });
    // Another parent may have a "Spades" too: its handle takes the next suffix.
    const other = await as(owner).categories.create({ name: 'Spades' });
    expect(other.handle).toBe('spades-2');
    const audit = await firstRow<{ after: { handle: string }; target_type: string }>(
      shop.db,
      sql`select after, target_type from audit_log
           where action = 'categories.create' and target_id = ${String(b.id)}`,
    );
    expect(audit).toMatchObject({ target_type: 'category', after: { handle: 'rakes' } });
  });

  it('a double submit and a taken handle are CONFLICT with a sentence, and write nothing', async () => {
    await as(owner).categories.create({ name: 'Planters' });
    const before = await snapshot();
    const twice = await failure(as(owner).categories.create({ name: 'Planters' }));
    expect(twice.code).toBe('CONFLICT');
    expect(twice.message).toMatch(/A category named "Planters" already exists/);
    const taken = await failure(as(owner).categories.create({ name: 'Pots', handle: 'planters' }));
    expect(taken).toMatchObject({ code: 'CONFLICT' });
    expect(taken.message).toMatch(/The handle "planters" is already used by another category/);
    const renamed = await failure(
      as(owner).categories.update({
        id: await categoryId((c) => c.handle === 'garden-tools'),
        handle: 'planters',
      }),
    );
    expect(renamed.code).toBe('CONFLICT');
    expect(await snapshot()).toEqual(before);
  });

  it('bad input is BAD_REQUEST with a sentence and writes nothing', async () => {
    const before = await snapshot();
    const cases: Array<[() => Promise<unknown>, RegExp]> = [
      [() => as(owner).categories.create({ name: '   ' }), /A category needs a name/],
      [
        () => as(owner).categories.create({ name: 'X', handle: 'Not A Handle' }),
        /Handle may contain/,
      ],
      [
        () => as(owner).categories.create({ name: 'X', parentId: 999_999 }),
        /no category with id 999999/,
      ],
      [() => as(owner).categories.reorder({ id: 1, to: -1 }), /position must be 0 or more/],
    ];
    for (const [call, sentence] of cases) {
      const refused = await failure(call());
      expect(refused.code).toBe('BAD_REQUEST');
      expect(refused.message).toMatch(sentence);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a move under itself or a descendant (in SQL, under the lock); a legal move renumbers both sibling sets', async () => {
    const top = await as(owner).categories.create({ name: 'Kitchen' });
    const mid = await as(owner).categories.create({ name: 'Knives', parentId: top.id });
    const leaf = await as(owner).categories.create({ name: 'Chef Knives', parentId: mid.id });
    await as(owner).categories.create({ name: 'Pans', parentId: top.id });
    const before = await snapshot();
    const self = await failure(as(owner).categories.move({ id: top.id, parentId: top.id }));
    expect(self).toMatchObject({ code: 'BAD_REQUEST' });
    expect(self.message).toMatch(/cannot be put under itself/);
    const below = await failure(as(owner).categories.move({ id: top.id, parentId: leaf.id }));
    expect(below.message).toMatch(/cannot be put under one of its own subcategories/);
    expect(await snapshot()).toEqual(before);

    // Knives (with its child) to the top level, first; Kitchen keeps Pans at position 0.
    const moved = await as(owner).categories.move({ id: mid.id, parentId: null, position: 0 });
    expect(moved).toMatchObject({ parentId: null, position: 0, depth: 0 });
    expect(await siblingsOf(top.id)).toEqual([{ name: 'Pans', position: 0 }]);
    const tree = await as(owner).categories.tree();
    expect(tree.find((c) => c.id === leaf.id)).toMatchObject({
      depth: 1,
      path: 'Knives / Chef Knives',
    });
    const roots = tree.filter((c) => c.parentId === null);
    expect(roots.map((c) => c.position)).toEqual(roots.map((_, i) => i));
    // And back under Kitchen, last.
    await as(owner).categories.move({ id: mid.id, parentId: top.id });
    expect((await siblingsOf(top.id)).map((c) => c.name)).toEqual(['Pans', 'Knives']);
  });

  it('reorders among siblings (up, down, a position), densely, and the storefront tree follows', async () => {
    const parent = await as(owner).categories.create({ name: 'Lighting' });
    for (const name of ['Lamps', 'Bulbs', 'Shades'])
      await as(owner).categories.create({ name, parentId: parent.id });
    const id = async (name: string) =>
      categoryId((c) => c.name === name && c.parentId === parent.id);
    await as(owner).categories.reorder({ id: await id('Shades'), to: 'up' });
    expect((await siblingsOf(parent.id)).map((c) => c.name)).toEqual(['Lamps', 'Shades', 'Bulbs']);
    await as(owner).categories.reorder({ id: await id('Lamps'), to: 'down' });
    expect((await siblingsOf(parent.id)).map((c) => c.name)).toEqual(['Shades', 'Lamps', 'Bulbs']);
    // A position is what a double submit repeats: the second call changes nothing.
    await as(owner).categories.reorder({ id: await id('Bulbs'), to: 0 });
    await as(owner).categories.reorder({ id: await id('Bulbs'), to: 0 });
    expect(await siblingsOf(parent.id)).toEqual([
      { name: 'Bulbs', position: 0 },
      { name: 'Shades', position: 1 },
      { name: 'Lamps', position: 2 },
    ]);
    const stored = await queryRows<{ position: number }>(
      shop.db,
      sql`select position from categories where parent_id = ${parent.id} order by position`,
    );
    expect(stored.map((r) => r.position)).toEqual([0, 1, 2]);
    const tree = await storefront().listing.categoryTree();
    expect(tree.find((c) => c.id === parent.id)?.children.map((c) => c.name)).toEqual([
      'Bulbs',
      'Shades',
      'Lamps',
    ]);
    // Concurrent moves of the same set queue on the lock: positions stay a permutation.
    const ids = await Promise.all(['Bulbs', 'Shades', 'Lamps'].map(id));
    await Promise.all(ids.map((x, i) => as(owner).categories.reorder({ id: x, to: (i + 1) % 3 })));
    const after = await queryRows<{ position: number }>(
      shop.db,
      sql`select position from categories where parent_id = ${parent.id} order by position`,
    );
    expect(after.map((r) => r.position)).toEqual([0, 1, 2]);
  });

  it('deletes only a category without children; its products lose the link and are announced', async () => {
    const parent = await as(owner).categories.create({ name: 'Outdoor' });
    const child = await as(owner).categories.create({ name: 'Tents', parentId: parent.id });
    const [productId = 0] = await productIds(1);
    await shop.db.execute(
      sql`insert into product_categories (product_id, category_id) values (${productId}, ${child.id})`,
    );
    const orders = await queryRows(shop.db, sql`select id from order_lines order by id`);
    const before = await snapshot();
    const refused = await failure(as(owner).categories.delete({ id: parent.id }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toMatch(/"Outdoor" has 1 subcategory; move or delete it first/);
    expect(await snapshot()).toEqual(before);

    await shop.db.execute(sql`delete from domain_events`);
    await as(owner).categories.delete({ id: child.id });
    const links = await queryRows(
      shop.db,
      sql`select 1 from product_categories where category_id = ${child.id}`,
    );
    expect(links).toEqual([]);
    expect(
      await queryRows(shop.db, sql`select 1 from products where id = ${productId}`),
    ).toHaveLength(1);
    expect(await queryRows(shop.db, sql`select id from order_lines order by id`)).toEqual(orders);
    const events = await queryRows<{ type: string; payload: { productId: number } }>(
      shop.db,
      sql`select type, payload from domain_events`,
    );
    expect(events).toEqual([
      { type: 'product.updated', payload: expect.objectContaining({ productId, fields: [] }) },
    ]);
    const audit = await firstRow<{ before: { name: string }; after: unknown }>(
      shop.db,
      sql`select before, after from audit_log where action = 'categories.delete'
           and target_id = ${String(child.id)}`,
    );
    expect(audit).toMatchObject({ before: { name: 'Tents' }, after: null });
    expect(await failure(as(owner).categories.delete({ id: child.id }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    await as(owner).categories.delete({ id: parent.id });
  });

  it('a rename announces the products below it; a reorder refreshes the catalog tag alone', async () => {
    const parent = await as(owner).categories.create({ name: 'Bath' });
    const child = await as(owner).categories.create({ name: 'Towels', parentId: parent.id });
    const [productId = 0] = await productIds(1);
    await shop.db.execute(
      sql`insert into product_categories (product_id, category_id) values (${productId}, ${child.id})`,
    );
    await shop.db.execute(sql`delete from domain_events`);
    const renamed = await as(owner).categories.update({
      id: parent.id,
      name: 'Bathroom',
      handle: 'bathroom',
    });
    expect(renamed).toMatchObject({ name: 'Bathroom', handle: 'bathroom' });
    const events = await queryRows<{ payload: { productId: number } }>(
      shop.db,
      sql`select payload from domain_events where type = 'product.updated'`,
    );
    expect(events.map((e) => e.payload.productId)).toEqual([productId]);
    const jobsBefore = (await listQueuedJobs(shop.db, 'revalidate')).length;
    await as(owner).categories.reorder({ id: child.id, to: 0 });
    const jobs = await listQueuedJobs(shop.db, 'revalidate');
    expect(jobs.length).toBe(jobsBefore + 1);
    expect(jobs.at(-1)?.payload).toEqual({ tags: ['catalog'] });
  });

  it('support staff may read the tree but not change it', async () => {
    expect((await as(support).categories.tree()).length).toBeGreaterThan(0);
    expect(await failure(as(support).categories.create({ name: 'Nope' }))).toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

describe('admin.collections', () => {
  it('creates, edits and orders collections; the storefront lists them in that order', async () => {
    const a = await as(owner).collections.create({ title: 'Spring Picks', description: 'New in.' });
    const b = await as(owner).collections.create({ title: 'Desk Gifts' });
    expect(a).toMatchObject({ handle: 'spring-picks', products: [] });
    expect(b.position).toBe(a.position + 1);
    const edited = await as(owner).collections.update({
      id: b.id,
      title: 'Gifts',
      handle: 'gifts',
    });
    expect(edited).toMatchObject({ title: 'Gifts', handle: 'gifts', description: '' });
    await as(owner).collections.reorder({ id: b.id, to: 0 });
    const all = await as(owner).collections.all();
    expect(all[0]?.id).toBe(b.id);
    expect(all.map((c) => c.position)).toEqual(all.map((_, i) => i));
    expect((await storefront().listing.collections()).map((c) => c.id)).toEqual(
      all.map((c) => c.id),
    );
    const audit = await firstRow<{ before: { position: number }; after: { position: number } }>(
      shop.db,
      sql`select before, after from audit_log where action = 'collections.reorder'
           and target_id = ${String(b.id)}`,
    );
    expect(audit?.after.position).toBe(0);
    expect(audit?.before.position).toBeGreaterThan(0);
  });

  it('double submits and taken handles are CONFLICT; bad input BAD_REQUEST; neither writes', async () => {
    const c = await as(owner).collections.create({ title: 'Weekend' });
    const before = await snapshot();
    expect(await failure(as(owner).collections.create({ title: 'weekend' }))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/A collection titled "weekend" already exists/),
    });
    expect(
      await failure(as(owner).collections.create({ title: 'Other', handle: 'weekend' })),
    ).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/handle "weekend"/) });
    expect(await failure(as(owner).collections.create({ title: '' }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/A collection needs a title/),
    });
    expect(
      await failure(as(owner).collections.addProduct({ collectionId: c.id, productId: 999_999 })),
    ).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/no product with id 999999/),
    });
    expect(
      await failure(as(owner).collections.update({ id: 999_999, title: 'Ghost' })),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(await snapshot()).toEqual(before);
  });

  it('adds, orders and removes products; the storefront lists them in the manual order', async () => {
    const c = await as(owner).collections.create({ title: 'Staff Picks' });
    const [p1 = 0, p2 = 0, p3 = 0] = await productIds(3);
    await shop.db.execute(sql`delete from domain_events`);
    for (const productId of [p1, p2, p3])
      await as(owner).collections.addProduct({ collectionId: c.id, productId });
    const events = await queryRows<{ payload: { productId: number } }>(
      shop.db,
      sql`select payload from domain_events where type = 'product.updated' order by id`,
    );
    expect(events.map((e) => e.payload.productId)).toEqual([p1, p2, p3]);
    const twice = await failure(
      as(owner).collections.addProduct({ collectionId: c.id, productId: p1 }),
    );
    expect(twice).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/already in the collection "Staff Picks"/),
    });

    await as(owner).collections.reorderProduct({ collectionId: c.id, productId: p3, to: 'up' });
    let detail = await as(owner).collections.reorderProduct({
      collectionId: c.id,
      productId: p1,
      to: 2,
    });
    expect(detail.products.map((p) => [p.productId, p.position])).toEqual([
      [p3, 0],
      [p2, 1],
      [p1, 2],
    ]);
    const audit = await firstRow<{
      before: { productIds: number[] };
      after: { productIds: number[] };
    }>(
      shop.db,
      sql`select before, after from audit_log where action = 'collections.reorderProduct'
           and target_id = ${String(c.id)} order by id desc limit 1`,
    );
    expect(audit).toEqual({
      before: { productIds: [p1, p3, p2] },
      after: { productIds: [p3, p2, p1] },
    });

    // The storefront's manual order, two pages of two and one.
    const page1 = await listCollectionProducts(shop.db, {
      handle: c.handle,
      region: 'us',
      limit: 2,
    });
    expect(page1.items.map((p) => p.id)).toEqual([p3, p2]);
    const page2 = await listCollectionProducts(shop.db, {
      handle: c.handle,
      region: 'us',
      limit: 2,
      cursor: page1.nextCursor,
    });
    expect(page2).toMatchObject({ items: [expect.objectContaining({ id: p1 })], nextCursor: null });

    detail = await as(owner).collections.removeProduct({ collectionId: c.id, productId: p2 });
    expect(detail.products.map((p) => [p.productId, p.position])).toEqual([
      [p3, 0],
      [p1, 1],
    ]);
    expect(
      await failure(as(owner).collections.removeProduct({ collectionId: c.id, productId: p2 })),
    ).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/not in the collection/) });
    await as(owner).collections.delete({ id: c.id });
    expect(
      await queryRows(
        shop.db,
        sql`select 1 from collection_products where collection_id = ${c.id}`,
      ),
    ).toEqual([]);
    expect(await failure(as(owner).collections.get({ id: c.id }))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('the mutation scenario steps', () => {
  it('each step succeeds as the owner and leaves an audit row for its path', async () => {
    const ctx = { shop, db: shop.db, admin: as(owner), state: new Map<string, unknown>() };
    for (const step of steps) {
      const before = await queryRows(shop.db, sql`select id from audit_log`);
      await step.run(ctx);
      const rows = await queryRows<{ action: string }>(
        shop.db,
        sql`select action from audit_log where id > ${Math.max(0, ...before.map((r) => Number(r.id)))}`,
      );
      expect(rows.map((r) => `admin.${r.action}`)).toContain(step.path);
    }
  });
});
