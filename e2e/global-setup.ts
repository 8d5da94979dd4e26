import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createStaffUser } from '@shop/auth';
import { createDb } from '@shop/db/client';
import { pluginSettings } from '@shop/db/schema';
import { createDatabase, dataDir, dropDatabase, ensurePostgres, testCluster } from '@shop/services';
import { buildApps } from '@shop/scripts/lib/build-apps';
import { prepareDatabase } from '@shop/scripts/lib/database';
import { startStack } from '@shop/scripts/lib/stack';

const DB = 'shop_e2e';

/** Builds the apps, prepares a fresh seeded database and starts the stack; returns the teardown. */
export default async function globalSetup() {
  // Pages cached by an earlier run (against another database) must not leak into this one: start
  // from the pristine build output, which Turborepo restores from its cache when nothing changed.
  buildApps({ freshStorefrontCache: true });

  const pg = await ensurePostgres(testCluster);
  await dropDatabase(pg.adminUrl, DB);
  await createDatabase(pg.adminUrl, DB);
  const url = pg.urlFor(DB);
  await prepareDatabase(url, { seed: true, products: 40 });

  const email = 'e2e-owner@shop.local';
  const password = randomBytes(12).toString('base64url');
  const db = createDb(url, 2);
  await createStaffUser(db, { email, name: 'E2E Owner', password, role: 'owner' });
  // Every e2e order comes from loopback and pays with the test card 4242, so the risk rules that
  // count by card, client address or amount would hold every spec's orders after the first few
  // (order-dependent failures). The e2e shop starts with them off, as staff could set them; the
  // email rule stays on (e2e/admin/risk.spec.ts), and packages/plugin-risk tests the others.
  await db.insert(pluginSettings).values({
    plugin: 'risk-rules',
    settings: {
      cardVelocity: { enabled: false },
      clientVelocity: { enabled: false },
      amount: { enabled: false },
    },
  });
  await db.$client.end();

  const secret = randomBytes(32).toString('hex');
  const mailDir = path.join(dataDir, 'test-results', 'mail-e2e');
  fs.rmSync(mailDir, { recursive: true, force: true });
  fs.mkdirSync(mailDir, { recursive: true });
  const storageDir = path.join(dataDir, 'test-results', 'storage-e2e');
  fs.rmSync(storageDir, { recursive: true, force: true });
  const stack = await startStack({
    databaseUrl: url,
    storefrontPort: 3100,
    adminPort: 3101,
    revalidateSecret: secret,
    authSecret: randomBytes(32).toString('hex'),
    quiet: !process.env.E2E_VERBOSE,
    env: {
      // Short holds so the tests can watch a declined checkout's reservation lapse.
      CHECKOUT_RESERVATION_SECONDS: '3',
      RELEASE_INTERVAL_SECONDS: '1',
      MAIL_DIR: mailDir,
      // Uploaded images: the admin writes and the storefront serves the same folder.
      STORAGE_DIR: storageDir,
      // webhooks.spec.ts registers a receiver on this machine.
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    },
  });
  process.env.E2E_DATABASE_URL = url;
  process.env.E2E_ADMIN_EMAIL = email;
  process.env.E2E_ADMIN_PASSWORD = password;
  process.env.E2E_REVALIDATE_SECRET = secret;
  process.env.E2E_MAIL_DIR = mailDir;

  return async () => {
    await stack.stop();
    await pg.release();
  };
}
