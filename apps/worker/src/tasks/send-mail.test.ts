import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { enqueueJob, listQueuedJobs } from '@shop/db/jobs';
import { createFileTransport, createSmtpTransport, type MailMessage } from '@shop/mail';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
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
  await tdb.db.$client.query('delete from graphile_worker._private_jobs');
});

/** Runs every job that is due once, as the worker would, with the send-mail task only. */
async function runQueue(task: ReturnType<typeof sendMailTask>) {
  await runOnce({
    // The test database's own pool, so dropping the database ends every connection we opened.
    pgPool: tdb.db.$client,
    taskList: { 'send-mail': task },
    // Quiet: failures are asserted through the queue, not read from the console.
    logger: new Logger(() => () => undefined),
  });
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

  it('links order mails to the configured storefront', async () => {
    const sent: MailMessage[] = [];
    const transport = {
      send: (m: MailMessage) => {
        sent.push(m);
        return Promise.resolve({ id: '<1@test>' });
      },
    };
    await enqueueJob(tdb.db, 'send-mail', {
      template: 'order-confirmation',
      to: 'guest@example.com',
      data: {
        orderNumber: 1001,
        currencyCode: 'EUR',
        lines: [{ productTitle: 'Mug', quantity: 1, unitPrice: 1200, total: 1200 }],
        subtotal: 1200,
        shippingTotal: 500,
        taxTotal: 0,
        taxInclusive: true,
        total: 1700,
        shippingAddress: {
          firstName: 'Grace',
          lastName: 'Hopper',
          line1: 'Hauptstraße 1',
          city: 'Berlin',
          postalCode: '10115',
          countryCode: 'DE',
        },
        accessToken: 'guest-token',
      },
    });
    await runQueue(sendMailTask({ transport, storefrontUrl: 'https://shop.example' }));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.to).toBe('guest@example.com');
    expect(sent[0]?.text).toContain('https://shop.example/account/orders/1001?token=guest-token');
    expect(sent[0]?.text).toContain('Total: €17.00');
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
