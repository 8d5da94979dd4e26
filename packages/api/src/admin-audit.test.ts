import { runTransaction } from '@shop/db/transaction';
import { queryRows } from '@shop/db/query';
import type { StaffMember } from '@shop/core';
import { TRPCError } from '@trpc/server';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openShop, variantWithStock, type TestShop } from '../../core/test/shop';
import { apiShop } from '../test/shop';
import { adminProcedures } from '../test/admin-procedures';
import { createAdminCaller, createAdminContext } from './index';
import { createCallerFactory, isAudited, router, staffProcedure } from './trpc/admin';

let shop: TestShop;
const member = (role: StaffMember['role']): StaffMember => ({
  id: `audit-${role}`,
  email: `${role}@audit.test`,
  name: role,
  role,
});
const owner = member('owner');
const manager = member('manager');
const support = member('support');
const erp: StaffMember = {
  id: 'token:7',
  email: 'token:erp',
  name: 'erp',
  role: 'owner',
  token: { id: 7, scopes: ['stock:write'] },
};

beforeAll(async () => {
  shop = await openShop(2);
  for (const m of [owner, manager, support])
    await shop.db.execute(
      sql`insert into staff_users (id, name, email, role) values (${m.id}, ${m.name}, ${m.email}, ${m.role})`,
    );
});
afterAll(async () => {
  await shop.close();
});
beforeEach(async () => {
  await shop.db.execute(sql`delete from audit_log`);
});

const context = (staff: StaffMember) =>
  createAdminContext(apiShop(shop), { getStaff: () => Promise.resolve(staff) });
const as = (staff: StaffMember) => createAdminCaller(context(staff)).admin;

interface Row {
  actor_kind: string;
  actor_id: string;
  actor_email: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  before: unknown;
  after: unknown;
}
const rows = () =>
  queryRows<Row>(shop.db, sql`select * from audit_log order by id`).then((all) => all);

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    if (err instanceof TRPCError) return err;
  }
  throw new Error('expected the call to fail');
}

describe('the audit trail', () => {
  it('records every admin mutation of the router (a new one that skips it fails here)', () => {
    const mutations = adminProcedures().filter((p) => p.type === 'mutation');
    expect(mutations.length).toBeGreaterThan(5);
    const unaudited = mutations.filter((p) => !isAudited({ _def: p.def })).map((p) => p.path);
    expect(unaudited).toEqual([]);
  });

  it('writes who, what, the target and the input and result of a mutation, secrets redacted', async () => {
    const created = await as(owner).tokens.create({ name: 'erp', scopes: ['stock:read'] });
    const [row, ...more] = await rows();
    expect(more).toEqual([]);
    expect(row).toMatchObject({
      actor_kind: 'staff',
      actor_id: owner.id,
      actor_email: owner.email,
      action: 'tokens.create',
      target_type: 'tokens',
      target_id: String(created.view.id),
      before: null,
    });
    expect(JSON.stringify(row)).not.toContain(created.token);
    expect(row?.after).toMatchObject({
      input: { name: 'erp', scopes: ['stock:read'] },
      result: { token: '[redacted]' },
    });
  });

  it('records products.update with the product before and after, in its transaction, once', async () => {
    const [product] = await queryRows<{ id: number; title: string }>(
      shop.db,
      sql`select id, title from products order by id limit 1`,
    );
    const id = Number(product?.id);
    await as(manager).products.update({ id, title: 'Audited title' });
    const [row, ...more] = await rows();
    expect(more).toEqual([]);
    expect(row).toMatchObject({
      action: 'products.update',
      target_type: 'products',
      target_id: String(id),
      before: { id, title: product?.title },
      after: { id, title: 'Audited title' },
    });
    // A refused update (an empty title) writes neither the change nor a row.
    expect((await failure(as(manager).products.update({ id, title: '' }))).code).toBe(
      'BAD_REQUEST',
    );
    expect(await rows()).toHaveLength(1);
  });

  it('names an API token as the actor', async () => {
    const variantId = await variantWithStock(shop.db, 5);
    const [variant] = await queryRows<{ sku: string }>(
      shop.db,
      sql`select sku from product_variants where id = ${variantId}`,
    );
    await as(erp).stock.set({ items: [{ sku: variant?.sku ?? '', onHand: 9 }], reason: 'sync' });
    expect(await rows()).toMatchObject([
      { actor_kind: 'token', actor_id: 'token:7', actor_email: 'token:erp', action: 'stock.set' },
    ]);
  });

  it('records nothing for a refused, anonymous or invalid call, or a query', async () => {
    expect(
      (await failure(as(support).tokens.create({ name: 'x', scopes: ['stock:read'] }))).code,
    ).toBe('FORBIDDEN');
    const anonymous = createAdminCaller(
      createAdminContext(apiShop(shop), { getStaff: () => Promise.resolve(null) }),
    ).admin;
    expect(
      (await failure(anonymous.tokens.create({ name: 'x', scopes: ['stock:read'] }))).code,
    ).toBe('UNAUTHORIZED');
    expect((await failure(as(owner).tokens.create({ name: '', scopes: [] }))).code).toBe(
      'BAD_REQUEST',
    );
    await as(owner).tokens.list();
    expect(await rows()).toEqual([]);
  });

  describe('a procedure that records its own change', () => {
    const probe = router({
      change: staffProcedure('products:write')
        .input(z.object({ fail: z.boolean() }))
        .mutation(({ ctx, input }) =>
          runTransaction(ctx.db, async (tx) => {
            await ctx.audit(tx, {
              targetType: 'product',
              targetId: 42,
              before: { a: 1 },
              after: { a: 2 },
            });
            if (input.fail) throw new Error('the change failed after its audit row');
            return { ok: true };
          }),
        ),
    });
    const call = (staff: StaffMember) => createCallerFactory(probe)(context(staff));

    it('writes its before and after in its transaction, and no second row', async () => {
      await call(manager).change({ fail: false });
      expect(await rows()).toMatchObject([
        {
          action: 'change',
          target_type: 'product',
          target_id: '42',
          before: { a: 1 },
          after: { a: 2 },
        },
      ]);
    });

    it('leaves no row when its transaction rolls back', async () => {
      await expect(call(manager).change({ fail: true })).rejects.toThrow();
      expect(await rows()).toEqual([]);
    });
  });
});

describe('admin.audit.list', () => {
  it('filters by actor, action, target and time, newest first, in keyset pages', async () => {
    await as(owner).tokens.create({ name: 'one', scopes: ['stock:read'] });
    const second = await as(manager).search.synonyms.save({ terms: ['sofa', 'couch'] });
    await as(owner).tokens.create({ name: 'two', scopes: ['stock:read'] });

    const all = await as(manager).audit.list({});
    expect(all.items.map((e) => e.action)).toEqual([
      'tokens.create',
      'search.synonyms.save',
      'tokens.create',
    ]);
    expect((await as(owner).audit.list({ actor: 'MANAGER@audit.test' })).items).toHaveLength(1);
    expect((await as(owner).audit.list({ actor: owner.id })).items).toHaveLength(2);
    expect((await as(owner).audit.list({ action: 'search.' })).items).toHaveLength(1);
    expect((await as(owner).audit.list({ action: 'tokens.create' })).items).toHaveLength(2);
    expect((await as(owner).audit.list({ action: 'tokens' })).items).toHaveLength(0);
    expect(
      (await as(owner).audit.list({ target: `search.synonyms:${second.group.id}` })).items,
    ).toHaveLength(1);
    expect((await as(owner).audit.list({ target: 'tokens' })).items).toHaveLength(2);

    const page1 = await as(owner).audit.list({ limit: 2 });
    expect(page1.items).toHaveLength(2);
    const page2 = await as(owner).audit.list({ limit: 2, cursor: page1.nextCursor });
    expect(page2.items.map((e) => e.id)).toEqual([all.items[2]?.id]);
    expect(page2.nextCursor).toBeNull();

    const future = new Date(Date.now() + 60_000);
    expect((await as(owner).audit.list({ from: future })).items).toEqual([]);
    expect((await as(owner).audit.list({ to: future })).items).toHaveLength(3);
  });

  it('is for audit:read (owners and managers) and refuses a backwards date range', async () => {
    expect((await failure(as(support).audit.list({}))).code).toBe('FORBIDDEN');
    const refused = await failure(as(owner).audit.list({ from: new Date(), to: new Date(0) }));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toContain('The date range ends before it starts');
  });
});
