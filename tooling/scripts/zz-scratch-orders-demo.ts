// Temporary: builds a demo database with orders for screenshots of the admin's orders pages.
import { createStaffUser } from '@shop/auth';
import { payCheckout, refundPayment, requestRefund, startCheckout, addToCart, createCart, updateCartDetails, type CheckoutPayments } from '@shop/core';
import { createDb } from '@shop/db/client';
import { migrate } from '@shop/db/migrate';
import { listQueuedJobs } from '@shop/db/jobs';
import { seedDemo } from '@shop/db/seed';
import { createDatabase, devCluster, dropDatabase, ensurePostgres } from '@shop/services';
const q = async (text: string) => (await db.$client.query(text)).rows as Array<Record<string, unknown>>;

const NAME = 'shop_orders_demo';
const pg = await ensurePostgres(devCluster);
await dropDatabase(pg.adminUrl, NAME);
await createDatabase(pg.adminUrl, NAME);
const url = pg.urlFor(NAME);
await migrate(url);
const db = createDb(url, 5);
await seedDemo(db, { products: 24 });
await createStaffUser(db, { email: 'owner@demo.local', name: 'Olivia Owner', password: 'demo-password-123', role: 'owner' });
await createStaffUser(db, { email: 'staff@demo.local', name: 'Sam Staff', password: 'demo-password-123', role: 'staff' });
const payments: CheckoutPayments = {
  id: 'test',
  async createPayment({ checkoutId }) { return { providerRef: `test_pi_${checkoutId}`, clientSecret: null }; },
  async confirmPayment({ providerRef }) { return { status: 'succeeded' as const, providerRef }; },
  async refund(input) { return { refundRef: `test_re_${input.idempotencyKey}` }; },
};
const variants = (await q(`
  select v.id from product_variants v join products p on p.id = v.product_id and p.status = 'active'
  join product_prices pp on pp.variant_id = v.id and pp.currency_code = 'USD' where not v.archived order by v.id limit 12`)).map((r) => Number(r.id));
await q(`update inventory_levels set on_hand = 100, reserved = 0`);
const option = Number((await q(`select so.id from shipping_options so join regions r on r.id = so.region_id where r.code = 'us' order by so.position limit 1`))[0]!.id);
const people = ['ada.lovelace', 'grace.hopper', 'alan.turing', 'katherine.johnson', 'edsger.dijkstra', 'barbara.liskov', 'donald.knuth', 'margaret.hamilton'];
const numbers: number[] = [];
for (let i = 0; i < 14; i++) {
  const cartId = await createCart(db, { region: 'us', customerId: null });
  const lines = 1 + (i % 3);
  for (let l = 0; l < lines; l++) await addToCart(db, { cartId, customerId: null, variantId: variants[(i + l * 5) % variants.length]!, quantity: 1 + ((i + l) % 2) });
  await updateCartDetails(db, { cartId, customerId: null, email: `${people[i % people.length]}@example.com`, shippingOptionId: option,
    shippingAddress: { firstName: 'Ada', lastName: 'Lovelace', line1: `${10 + i} Analytical Engine Way`, line2: i % 2 ? 'Apt 4' : '', city: 'Springfield', postalCode: '62701', province: 'IL', countryCode: 'US', phone: '+1 217 555 0100' } });
  const c = await startCheckout(db, { cartId, customerId: null, attemptKey: 'x' }, { payments });
  const o = await payCheckout(db, { checkoutId: c.checkoutId, cartId, cardNumber: '4242424242424242' }, { payments });
  numbers.push(o.number);
}
// One refunded order, one with a refund requested (queued).
const refunded = numbers[3]!;
await requestRefund(db, { number: refunded, reason: 'Parcel lost in transit', staffEmail: 'owner@demo.local' });
for (const j of await listQueuedJobs(db, 'refund-payment')) await refundPayment(db, j.payload as { paymentId: number; reason: string }, { payments });
await q(`delete from graphile_worker._private_jobs`);
await requestRefund(db, { number: numbers[6]!, reason: 'Customer changed their mind', staffEmail: 'owner@demo.local' });
console.log(JSON.stringify({ url, numbers, refunded, queued: numbers[6] }));
await db.$client.end();
await pg.release?.();
