import type { StaffMember } from '@shop/core';
import { firstRow } from '@shop/db/query';
import { seedDemo } from '@shop/db/seed';
import { startReplicatedTestDatabase, type ReplicatedTestDatabase } from '@shop/services/testing';
import { TRPCError } from '@trpc/server';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { address, GOOD_CARD, variantWithStock } from '../../core/test/shop';
import { apiShop } from '../test/shop';
import { DATABASE_UNAVAILABLE_MESSAGE } from './errors';
import {
  createAdminCaller,
  createAdminContext,
  createStorefrontCaller,
  createStorefrontContext,
  memoryCartCookie,
} from './index';

/**
 * The contexts over a real streaming replica (`DATABASE_READ_URL`): the storefront's catalog
 * reads come from the replica, and everything that reads its own writes (the admin, carts,
 * checkout, the order after it) from the primary, so a lagging replica shows a shopper an older
 * page but never an admin their old product nor a checkout its old cart.
 */
let pair: ReplicatedTestDatabase;
const owner: StaffMember = {
  id: 'replica-owner',
  email: 'owner@replica.test',
  name: 'owner',
  role: 'owner',
};

beforeAll(async () => {
  pair = await startReplicatedTestDatabase('replica-api', { primary: 54352, replica: 54353 });
  await seedDemo(pair.db, { products: 3 });
  await pair.db.execute(
    sql`insert into staff_users (id, name, email, role) values (${owner.id}, ${owner.name}, ${owner.email}, ${owner.role})`,
  );
  await pair.waitForReplay();
}, 60_000);
afterAll(async () => {
  await pair?.close();
});

const shop = () => apiShop({ db: pair.db }, { readDb: pair.readDb });
const storefront = () =>
  createStorefrontCaller(createStorefrontContext(shop(), { cart: memoryCartCookie() })).storefront;
const admin = () =>
  createAdminCaller(createAdminContext(shop(), { getStaff: () => Promise.resolve(owner) })).admin;

async function someProduct(): Promise<{ id: number; handle: string; title: string }> {
  const row = await firstRow<{ id: number; handle: string; title: string }>(
    pair.db,
    sql`select id, handle, title from products where status = 'active' order by id limit 1`,
  );
  if (!row) throw new Error('the seeded shop has no active product');
  return { ...row, id: Number(row.id) };
}

/** While the replica's replay is paused, it shows nothing written after the pause. */
async function whileLagging(fn: () => Promise<void>): Promise<void> {
  await pair.pauseReplay();
  try {
    await fn();
  } finally {
    await pair.resumeReplay();
  }
}

describe('a read replica behind DATABASE_READ_URL', () => {
  it('gives the admin its own save back at once while the replica lags, and the shopper the save once it replays', async () => {
    const product = await someProduct();
    const api = storefront();
    const fresh = `${product.title} (edited on the primary)`;
    await whileLagging(async () => {
      const saved = await admin().products.update({ id: product.id, title: fresh });
      expect(saved.title).toBe(fresh);
      expect((await admin().products.get({ id: product.id })).title).toBe(fresh);
      // The storefront's catalog really is the paused replica: it still has the old title.
      const page = await api.catalog.productByHandle({ handle: product.handle, region: 'us' });
      expect(page.title).toBe(product.title);
    });
    await pair.waitForReplay();
    const page = await api.catalog.productByHandle({ handle: product.handle, region: 'us' });
    expect(page.title).toBe(fresh);
  });

  it('completes a checkout, and shows its order, while the replica lags', async () => {
    const variantId = await variantWithStock(pair.db, 10, 1);
    const option = await firstRow<{ id: number }>(
      pair.db,
      sql`select so.id from shipping_options so join regions r on r.id = so.region_id
           where r.code = 'us' order by so.position limit 1`,
    );
    await whileLagging(async () => {
      const api = storefront();
      const cart = await api.cart.add({ variantId, quantity: 2, region: 'us' });
      expect(cart.lines.map((l) => l.quantity)).toEqual([2]);
      await api.cart.setDetails({
        email: 'lagging@example.com',
        shippingAddress: address,
        shippingOptionId: Number(option?.id),
      });
      expect((await api.cart.get())?.email).toBe('lagging@example.com');
      const started = await api.checkout.start({ attemptKey: 'replica-lag-1' });
      const order = await api.checkout.pay({
        checkoutId: started.checkoutId,
        cardNumber: GOOD_CARD,
      });
      const seen = await api.orders.byToken({ number: order.number, token: order.accessToken });
      expect(seen.number).toBe(order.number);
      // Not on the replica yet: the order page above was read from the primary.
      const onReplica = await firstRow<{ n: number }>(
        pair.readDb,
        sql`select count(*)::int as n from orders where number = ${order.number}`,
      );
      expect(Number(onReplica?.n)).toBe(0);
    });
  });

  it('serves the catalog from the replica with the primary stopped, and answers a cart write 503', async () => {
    const product = await someProduct();
    const variantId = await variantWithStock(pair.db, 10, 0);
    await pair.waitForReplay();
    await pair.stopPrimary();
    const api = storefront();
    expect((await api.catalog.regions()).map((r) => r.code)).toContain('us');
    const page = await api.catalog.productByHandle({ handle: product.handle, region: 'us' });
    expect(page.id).toBe(product.id);
    const refused = await api.cart.add({ variantId, quantity: 1, region: 'us' }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(TRPCError);
    expect(refused).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: DATABASE_UNAVAILABLE_MESSAGE,
    });
  });
});
