import { fulfilOrder, getOrderForAdmin, listDomainEvents, payCheckout } from '@shop/core';
import { listQueuedJobs } from '@shop/db/jobs';
import { seedDemo } from '@shop/db/seed';
import { renderMail } from '@shop/mail';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailHandler } from '../src/dispatcher/handlers';
import { startTestCheckout } from './checkout-fixture';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase('shipment-mail');
  await seedDemo(tdb.db, { products: 3 });
}, 60_000);
afterAll(async () => {
  await tdb?.drop();
});

describe('the shipment mail', () => {
  it('order.fulfilled becomes an order-shipped mail with the lines and tracking, once per event', async () => {
    const { cartId, checkoutId, payments } = await startTestCheckout(tdb.db, {
      email: 'buyer@example.com',
    });
    const order = await payCheckout(
      tdb.db,
      { checkoutId, cartId, cardNumber: '4242 4242 4242 4242' },
      { payments },
    );
    const line = (await getOrderForAdmin(tdb.db, { number: order.number })).lines[0];
    if (!line) throw new Error('no line');
    await fulfilOrder(tdb.db, {
      number: order.number,
      lines: 'all',
      carrier: 'DHL',
      trackingNumber: 'JD0001',
      trackingUrl: 'https://dhl.example/t/JD0001',
      idempotencyKey: 'ship-1',
      staffEmail: 'owner@example.com',
    });
    const events = (await listDomainEvents(tdb.db, { type: 'order.fulfilled' })).map((e) => ({
      ...e,
    }));
    expect(events).toHaveLength(1);
    // A payload of the declared shape (no fulfilment id) mails nothing.
    const declared = { ...events[0], id: 999_999, payload: { orderId: order.orderId } };

    const handler = mailHandler();
    await tdb.db.transaction(async (tx) => {
      await handler.handle([...events, declared] as never, tx);
      // Delivered twice (at least once): the job keyed by the event replaces its twin.
      await handler.handle(events, tx);
    });

    const mails = (await listQueuedJobs(tdb.db, 'send-mail')).map(
      (j) => j.payload as { template: string; to: string; data: unknown },
    );
    expect(mails).toHaveLength(1);
    const mail = mails[0];
    expect(mail).toMatchObject({ template: 'order-shipped', to: 'buyer@example.com' });
    const rendered = renderMail(mail?.template ?? '', mail?.data, {
      storefrontUrl: 'https://shop.example',
    });
    expect(rendered.subject).toBe(`Order #${order.number} has shipped`);
    expect(rendered.text).toContain('DHL, tracking number JD0001');
    expect(rendered.text).toContain('https://dhl.example/t/JD0001');
    expect(rendered.text).toContain(`- ${line.quantity} × ${line.productTitle}`);
    expect(rendered.text).toContain(`token=${order.accessToken}`);
    await tdb.db.execute(sql`delete from graphile_worker._private_jobs`);
  });
});
