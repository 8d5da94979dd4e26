import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToCart, createCart, loadCart, updateCartDetails } from '../cart/cart';
import {
  address,
  GOOD_CARD,
  openShop,
  readyCart,
  variantWithStock,
  type TestShop,
} from '../../test/shop';
import { startCheckout } from './checkout';
import { payCheckout } from './complete';
import type { CheckoutPayments } from './payments-port';
import { queryRows } from '@shop/db/query';

type Row = Record<string, unknown>;

let shop: TestShop;
beforeAll(async () => {
  shop = await openShop();
});
afterAll(async () => {
  await shop.close();
});

/** The card provider, counting the payments the core asks it to create. */
function countingPayments(): { payments: CheckoutPayments; created: number[] } {
  const created: number[] = [];
  return {
    created,
    payments: {
      ...shop.payments,
      async createPayment(input) {
        created.push(input.amount);
        return shop.payments.createPayment(input);
      },
    },
  };
}

async function one(query: ReturnType<typeof sql>): Promise<Row> {
  const found = await queryRows(shop.db, query);
  const row = found[0];
  if (!row) throw new Error('no row');
  return row;
}

describe('money at checkout', () => {
  it('places an IDR order of 50,000,000 (5,000,000,000 minor units, beyond 32 bits) with exact totals', async () => {
    // An Indonesian region: IDR has 2 minor digits (ISO 4217), 11% tax added on top.
    const region = await one(sql`
      insert into regions (code, name, currency_code, tax_inclusive, tax_rate_bp)
      values ('idn', 'Indonesia', 'IDR', false, 1100) returning id`);
    await shop.db.execute(
      sql`insert into region_countries (country_code, region_id) values ('ID', ${Number(region.id)})`,
    );
    const option = await one(sql`
      insert into shipping_options (region_id, name, type, amount)
      values (${Number(region.id)}, 'Kurir', 'flat', 2000000) returning id`);
    const variantId = await variantWithStock(shop.db, 5, 0);
    await shop.db.execute(sql`
      insert into product_prices (variant_id, currency_code, amount) values (${variantId}, 'IDR', 5000000000)`);

    const cartId = await createCart(shop.db, { region: 'idn' });
    await addToCart(shop.db, { cartId, customerId: null, variantId, quantity: 1 });
    await updateCartDetails(shop.db, {
      cartId,
      customerId: null,
      email: 'budi@example.com',
      shippingAddress: { ...address, countryCode: 'ID', province: '' },
      shippingOptionId: Number(option.id),
    });

    const { payments, created } = countingPayments();
    const started = await startCheckout(
      shop.db,
      { cartId, customerId: null, attemptKey: 'idr' },
      { payments },
    );
    // 50,000,000.00 + 20,000.00 shipping; 11% of each: 5,500,000.00 + 2,200.00.
    const totals = {
      subtotal: 5_000_000_000,
      discountTotal: 0,
      shippingTotal: 2_000_000,
      taxTotal: 550_220_000,
      total: 5_552_220_000,
    };
    expect(started.totals).toMatchObject({ currencyCode: 'IDR', ...totals });
    expect(created).toEqual([5_552_220_000]);

    const placed = await payCheckout(
      shop.db,
      { checkoutId: started.checkoutId, cartId, cardNumber: GOOD_CARD },
      { payments },
    );
    const order = await one(sql`
      select id, currency_code, subtotal, discount_total, shipping_total, tax_total, total
        from orders where number = ${placed.number}`);
    expect({
      currency: order.currency_code,
      subtotal: Number(order.subtotal),
      discountTotal: Number(order.discount_total),
      shippingTotal: Number(order.shipping_total),
      taxTotal: Number(order.tax_total),
      total: Number(order.total),
    }).toEqual({ currency: 'IDR', ...totals });
    const line = await one(sql`
      select unit_price, subtotal, tax_total, total from order_lines where order_id = ${Number(order.id)}`);
    expect([line.unit_price, line.subtotal, line.tax_total, line.total].map(Number)).toEqual([
      5_000_000_000, 5_000_000_000, 550_000_000, 5_550_000_000,
    ]);
    const payment = await one(sql`
      select amount, currency_code from payments where order_id = ${Number(order.id)}`);
    expect([Number(payment.amount), payment.currency_code]).toEqual([5_552_220_000, 'IDR']);
  });

  it('carts a free item (price 0) as sellable, and sells it when shipping makes the total positive', async () => {
    const variantId = await variantWithStock(shop.db, 5, 1);
    await shop.db.execute(
      sql`update product_prices set amount = 0, compare_at_amount = null where variant_id = ${variantId} and currency_code = 'USD'`,
    );
    const cartId = await readyCart(shop.db, { lines: [{ variantId, quantity: 2 }] });
    const cart = await loadCart(shop.db, { cartId, customerId: null });
    expect(cart.lines[0]).toMatchObject({ unitPrice: 0, unavailableReason: null, subtotal: 0 });
    expect(cart.totals.shippingTotal).toBeGreaterThan(0);

    const { payments, created } = countingPayments();
    const started = await startCheckout(
      shop.db,
      { cartId, customerId: null, attemptKey: 'free-item' },
      { payments },
    );
    expect(created).toEqual([cart.totals.total]);
    const placed = await payCheckout(
      shop.db,
      { checkoutId: started.checkoutId, cartId, cardNumber: GOOD_CARD },
      { payments },
    );
    const line = await one(sql`
      select ol.unit_price, ol.quantity from order_lines ol join orders o on o.id = ol.order_id
       where o.number = ${placed.number}`);
    expect([Number(line.unit_price), Number(line.quantity)]).toEqual([0, 2]);
  });

  it('places a free order (total 0) at once, without a card or a provider payment, exactly once', async () => {
    const variantId = await variantWithStock(shop.db, 5, 2);
    await shop.db.execute(
      sql`update product_prices set amount = 0, compare_at_amount = null where variant_id = ${variantId} and currency_code = 'USD'`,
    );
    const cartId = await readyCart(shop.db, { lines: [{ variantId, quantity: 1 }] });
    const pickup = await one(sql`
      insert into shipping_options (region_id, name, type, amount, position)
      select id, 'Pick up in store', 'flat', 0, 99 from regions where code = 'us' returning id`);
    await updateCartDetails(shop.db, {
      cartId,
      customerId: null,
      shippingOptionId: Number(pickup.id),
    });

    const { payments, created } = countingPayments();
    const started = await startCheckout(
      shop.db,
      { cartId, customerId: null, attemptKey: 'free' },
      { payments },
    );
    expect(started.totals.total).toBe(0);
    expect(started.order).not.toBeNull();
    expect(created).toEqual([]);

    const order = await one(sql`
      select o.id, o.total, o.payment_status, k.status as cart_status
        from orders o join carts k on k.id = o.cart_id where o.number = ${started.order?.number ?? 0}`);
    expect([Number(order.total), order.payment_status, order.cart_status]).toEqual([
      0,
      'paid',
      'completed',
    ]);
    const payment = await one(sql`
      select provider, provider_ref, amount from payments where order_id = ${Number(order.id)}`);
    expect(payment).toMatchObject({ provider: 'free', provider_ref: started.checkoutId });
    expect(Number(payment.amount)).toBe(0);
    const stock = await one(
      sql`select sum(on_hand)::int as on_hand, sum(reserved)::int as reserved from inventory_levels where variant_id = ${variantId}`,
    );
    expect([stock.on_hand, stock.reserved]).toEqual([4, 0]);

    // The same attempt again, another tab's attempt, and "pay" all answer with the one order.
    for (const attemptKey of ['free', 'free-other-tab']) {
      const again = await startCheckout(
        shop.db,
        { cartId, customerId: null, attemptKey },
        { payments },
      );
      expect(again.order?.number).toBe(started.order?.number);
    }
    const paid = await payCheckout(
      shop.db,
      { checkoutId: started.checkoutId, cartId, cardNumber: GOOD_CARD },
      { payments },
    );
    expect(paid.number).toBe(started.order?.number);
    expect(created).toEqual([]);
    const count = await one(sql`select count(*)::int as n from orders where cart_id = ${cartId}`);
    expect(count.n).toBe(1);
  });

  it('names why a line cannot be bought instead of reading its price', async () => {
    const variantId = await variantWithStock(shop.db, 5, 3);
    const cartId = await readyCart(shop.db, { lines: [{ variantId, quantity: 1 }] });
    await shop.db.execute(sql`
      update products set status = 'archived' where id = (select product_id from product_variants where id = ${variantId})`);
    const cart = await loadCart(shop.db, { cartId, customerId: null });
    expect(cart.lines[0]).toMatchObject({ unavailableReason: 'product_unavailable', unitPrice: 0 });
    await expect(
      startCheckout(
        shop.db,
        { cartId, customerId: null, attemptKey: 'gone' },
        { payments: shop.payments },
      ),
    ).rejects.toThrow('is no longer for sale; remove it from your cart.');
  });
});
