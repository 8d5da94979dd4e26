import { sql } from 'drizzle-orm';
import { firstRow } from '@shop/db/query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToCart, createCart, loadCart, updateCartDetails } from '../cart/cart';
import { startCheckout } from '../checkout/checkout';
import { payCheckout } from '../checkout/complete';
import { address, GOOD_CARD, openShop, variantWithStock, type TestShop } from '../../test/shop';
import { setCountryTaxRate } from './regions-admin';

/**
 * Tax by country: once the shipping address is in a country with its own rate
 * (`region_countries.tax_rate_bp`), the cart, the checkout and the order charge that rate; other
 * countries of the region pay the region's. In the seeded euro region (prices include tax, 20%),
 * Germany gets 19%: a 119.00 shirt costs 119.00 in both countries, with 19.00 of VAT in Germany
 * and 19.83 in France.
 */
let shop: TestShop;
let variantId: number;
let shippingOptionId: number;

beforeAll(async () => {
  shop = await openShop(4);
  variantId = await variantWithStock(shop.db, 50, 0);
  await shop.db.execute(sql`
    insert into product_prices (variant_id, currency_code, amount) values (${variantId}, 'EUR', 11900)
    on conflict (variant_id, currency_code) do update set amount = 11900, compare_at_amount = null`);
  await shop.db.execute(sql`
    update product_prices set amount = 10000, compare_at_amount = null
     where variant_id = ${variantId} and currency_code = 'USD'`);
  // The seed's standard option is free over 75.00: these carts ship free, so the tax is the line's.
  const option = await firstRow<{ id: number }>(
    shop.db,
    sql`select so.id from shipping_options so join regions r on r.id = so.region_id
         where r.code = 'eu' and so.type = 'free_over' order by so.position limit 1`,
  );
  shippingOptionId = Number(option?.id);
  await setCountryTaxRate(shop.db, { countryCode: 'DE', taxRateBp: 1900 });
});
afterAll(async () => {
  await shop.close();
});

async function cartShippingTo(region: string, countryCode: string, optionId?: number) {
  const cartId = await createCart(shop.db, { region });
  await addToCart(shop.db, { cartId, customerId: null, variantId, quantity: 1 });
  await updateCartDetails(shop.db, {
    cartId,
    customerId: null,
    email: `tax-${countryCode.toLowerCase()}@example.com`,
    shippingAddress: { ...address, countryCode, province: '' },
    ...(optionId === undefined ? {} : { shippingOptionId: optionId }),
  });
  return cartId;
}

describe('tax by the shipping country', () => {
  it('extracts 19% in Germany and the region’s 20% in France from the same shelf price', async () => {
    const de = await loadCart(shop.db, {
      cartId: await cartShippingTo('eu', 'DE', shippingOptionId),
      customerId: null,
    });
    const fr = await loadCart(shop.db, {
      cartId: await cartShippingTo('eu', 'FR', shippingOptionId),
      customerId: null,
    });
    expect(de.lines[0]?.unitPrice).toBe(11900);
    expect(fr.lines[0]?.unitPrice).toBe(11900);
    expect(de.totals).toMatchObject({
      subtotal: 11900,
      shippingTotal: 0,
      taxTotal: 1900,
      total: 11900,
    });
    // 119.00 / 1.20 = 99.1666… → 99.17 net, 19.83 tax.
    expect(fr.totals).toMatchObject({
      subtotal: 11900,
      shippingTotal: 0,
      taxTotal: 1983,
      total: 11900,
    });
    expect(de.lines[0]).toMatchObject({ taxTotal: 1900, total: 11900 });
  });

  it('uses the region rate until an address is known, and again once the override is cleared', async () => {
    const cartId = await createCart(shop.db, { region: 'eu' });
    await addToCart(shop.db, { cartId, customerId: null, variantId, quantity: 1 });
    expect((await loadCart(shop.db, { cartId, customerId: null })).totals.taxTotal).toBe(1983);

    const cartInCanada = await cartShippingTo('us', 'CA');
    expect(
      (await loadCart(shop.db, { cartId: cartInCanada, customerId: null })).totals,
    ).toMatchObject({ subtotal: 10000, taxTotal: 0 });
    // A tax-exclusive region: Canada's 5% is added on top of the shelf price.
    await setCountryTaxRate(shop.db, { countryCode: 'CA', taxRateBp: 500 });
    expect(
      (await loadCart(shop.db, { cartId: cartInCanada, customerId: null })).totals,
    ).toMatchObject({ subtotal: 10000, taxTotal: 500 });
    await setCountryTaxRate(shop.db, { countryCode: 'CA', taxRateBp: null });
    expect(
      (await loadCart(shop.db, { cartId: cartInCanada, customerId: null })).totals,
    ).toMatchObject({ subtotal: 10000, taxTotal: 0 });
  });

  it('stores the country’s tax in the checkout, the order and its lines', async () => {
    const cartId = await cartShippingTo('eu', 'DE', shippingOptionId);
    const started = await startCheckout(
      shop.db,
      { cartId, customerId: null, attemptKey: 'tax-de' },
      { payments: shop.payments },
    );
    expect(started.totals).toMatchObject({ currencyCode: 'EUR', taxTotal: 1900, total: 11900 });
    const placed = await payCheckout(
      shop.db,
      { checkoutId: started.checkoutId, cartId, cardNumber: GOOD_CARD },
      { payments: shop.payments },
    );
    const order = await firstRow<Record<string, unknown>>(
      shop.db,
      sql`select o.currency_code, o.subtotal, o.tax_total, o.total, l.tax_total as line_tax, l.total as line_total
            from orders o join order_lines l on l.order_id = o.id where o.number = ${placed.number}`,
    );
    expect({
      currency: order?.currency_code,
      subtotal: Number(order?.subtotal),
      taxTotal: Number(order?.tax_total),
      total: Number(order?.total),
      lineTax: Number(order?.line_tax),
      lineTotal: Number(order?.line_total),
    }).toEqual({
      currency: 'EUR',
      subtotal: 11900,
      taxTotal: 1900,
      total: 11900,
      lineTax: 1900,
      lineTotal: 11900,
    });
  });
});
