import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { enqueueJob, listQueuedJobs } from '@shop/db/jobs';
import { createFileTransport, createSmtpTransport, type MailMessage } from '@shop/mail';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { sql } from 'drizzle-orm';
import { Logger, runOnce } from 'graphile-worker';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendMailTask } from './send-mail';

let tdb: TestDatabase;
let dir: string;

beforeAll(async () => {
  tdb = await createTestDatabase('send_mail');
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'shop-send-mail-'));
});
afterAll(async () => {
  await tdb?.drop();
  await fs.rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  // Each test starts with an empty queue (a failed job from one test must not run in the next).
  await tdb.db.execute(sql`delete from graphile_worker._private_jobs`);
});

/** Runs every job that is due once, as the worker would, with the send-mail task only. */
async function runQueue(task: ReturnType<typeof sendMailTask>) {
  await runOnce({
    // Its own pool on the test database, ended when the run is over.
    connectionString: tdb.url,
    taskList: { 'send-mail': task },
    // Quiet: failures are asserted through the queue, not read from the console.
    logger: new Logger(() => () => undefined),
  });
  // runOnce can resolve a moment before the job's completion or failure is written; wait until
  // no send-mail job is locked any more.
  const deadline = Date.now() + 10_000;
  while ((await listQueuedJobs(tdb.db, 'send-mail')).some((j) => j.lockedBy !== null)) {
    if (Date.now() > deadline) throw new Error('a send-mail job stayed locked after runOnce');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('send-mail task', () => {
  it('renders the template and writes the mail, then removes the job', async () => {
    const url = 'http://localhost:3000/api/auth/reset-password/tok123?callbackURL=%2Faccount';
    await enqueueJob(tdb.db, 'send-mail', {
      template: 'password-reset',
      to: 'ada@example.com',
      data: { url },
    });
    await runQueue(sendMailTask({ transport: createFileTransport(dir), storefrontUrl: 'x' }));

    const emls = (await fs.readdir(dir)).filter((f) => f.endsWith('.eml'));
    expect(emls).toHaveLength(1);
    const raw = await fs.readFile(path.join(dir, emls[0] ?? ''), 'utf8');
    expect(raw).toContain('To: ada@example.com');
    expect(raw).toContain('Subject: Reset your Shop password');
    expect(raw).toContain('reset-password/tok123');
    expect(await listQueuedJobs(tdb.db, 'send-mail')).toEqual([]);
  });

  it('renders the order confirmation the core enqueues, linked to the configured storefront', async () => {
    const sent: MailMessage[] = [];
    const transport = {
      send: (m: MailMessage) => {
        sent.push(m);
        return Promise.resolve({ id: '<1@test>' });
      },
    };
    // The payload exactly as createOrderFromCheckout (packages/core/src/orders/place.ts) builds it.
    await enqueueJob(tdb.db, 'send-mail', {
      template: 'order-confirmation',
      to: 'guest@example.com',
      data: {
        number: 1001,
        accessToken: 'guest-token',
        email: 'guest@example.com',
        currencyCode: 'EUR',
        taxInclusive: true,
        lines: [
          {
            title: 'Mug',
            variantTitle: 'Blue',
            sku: 'MUG-B',
            quantity: 2,
            unitPrice: 600,
            total: 1200,
          },
        ],
        subtotal: 1200,
        discountTotal: 0,
        shippingTotal: 500,
        taxTotal: 271,
        total: 1700,
        shippingAddress: {
          firstName: 'Grace',
          lastName: 'Hopper',
          line1: 'Hauptstraße 1',
          line2: '',
          city: 'Berlin',
          postalCode: '10115',
          province: '',
          countryCode: 'DE',
          phone: '',
        },
        shippingOptionName: 'Standard',
      },
    });
    await runQueue(sendMailTask({ transport, storefrontUrl: 'https://shop.example' }));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.to).toBe('guest@example.com');
    expect(sent[0]?.subject).toBe('Order #1001 confirmed');
    expect(sent[0]?.text).toContain('https://shop.example/account/orders/1001?token=guest-token');
    expect(sent[0]?.text).toContain('2 × Mug — Blue  €12.00 (€6.00 each)');
    expect(sent[0]?.text).toContain('Including tax: €2.71');
    expect(sent[0]?.text).toContain('Total: €17.00');
    expect(await listQueuedJobs(tdb.db, 'send-mail')).toEqual([]);
  });

  it('renders the refund mail the core enqueues', async () => {
    const sent: MailMessage[] = [];
    const transport = {
      send: (m: MailMessage) => {
        sent.push(m);
        return Promise.resolve({ id: '<2@test>' });
      },
    };
    // As refundPayment (packages/core/src/checkout/refunds.ts) enqueues it.
    await enqueueJob(tdb.db, 'send-mail', {
      template: 'payment-refunded',
      to: 'late@example.com',
      data: { amount: 4999, currencyCode: 'USD', reason: 'reservation expired, out of stock' },
    });
    await runQueue(sendMailTask({ transport, storefrontUrl: 'https://shop.example' }));
    expect(sent[0]?.text).toContain('We have refunded $49.99');
    expect(sent[0]?.text).toContain('stock ran out');
  });

  it('keeps the job for a retry when the transport fails', async () => {
    await enqueueJob(tdb.db, 'send-mail', {
      template: 'password-reset',
      to: 'ada@example.com',
      data: { url: 'http://localhost:3000/reset' },
    });
    const transport = createSmtpTransport('smtp://127.0.0.1:9');
    try {
      await runQueue(sendMailTask({ transport, storefrontUrl: 'http://localhost:3000' }));
    } finally {
      transport.close();
    }
    const [job] = await listQueuedJobs(tdb.db, 'send-mail');
    expect(job).toMatchObject({ attempts: 1 });
    expect(job?.lastError).toMatch(/ECONNREFUSED|connect/i);
  });

  it('keeps a job whose template is unknown, with the reason in last_error', async () => {
    await enqueueJob(tdb.db, 'send-mail', { template: 'welcome', to: 'a@example.com', data: {} });
    await runQueue(
      sendMailTask({ transport: createFileTransport(dir), storefrontUrl: 'http://x' }),
    );
    const [job] = await listQueuedJobs(tdb.db, 'send-mail');
    expect(job?.lastError).toContain('Unknown mail template "welcome"');
  });
});
