/**
 * What the process tests (resilience, replicas) share: waiting, and the shop started for real
 * on a Postgres cluster of the test's own (built apps, fresh storefront cache, a seeded database,
 * the supervised stack as `pnpm start` runs it).
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { REVALIDATE_SIGNATURE_HEADER, signRevalidation } from '@shop/core';
import { createDb, type Db } from '@shop/db/client';
import { firstRow } from '@shop/db/query';
import { sql } from 'drizzle-orm';
import {
  createDatabase,
  dropDatabase,
  ensurePostgres,
  repoRoot,
  type RunningPostgres,
} from '@shop/services';
import { buildApps } from './build-apps';
import { prepareDatabase } from './database';
import { startProcess, waitForHttp, type Managed } from './processes';
import { startStack, type Stack, type StackOptions } from './stack';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Calls `check` every 200 ms until it answers a value; throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end)
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await sleep(200);
  }
}

/** The signed POST the worker makes to a storefront after a change commits; its status. */
export async function revalidateOn(base: string, secret: string, tags: string[]): Promise<number> {
  const { body, signature } = signRevalidation(secret, tags);
  const res = await fetch(`${base}/api/revalidate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [REVALIDATE_SIGNATURE_HEADER]: signature },
    body,
  });
  return res.status;
}

export interface ShopUnderTest {
  pg: RunningPostgres;
  url: string;
  db: Db;
  stack: Stack;
}

/**
 * Builds the apps, (re)creates the cluster's `shop` database with `products` seeded products
 * and starts the stack on it, filling `shop` as each part comes up, so that
 * `stopShopUnderTest(shop)` also undoes a start that failed halfway.
 */
export async function startShopUnderTest(
  shop: Partial<ShopUnderTest>,
  options: Omit<StackOptions, 'databaseUrl' | 'authSecret'> & {
    cluster: Parameters<typeof ensurePostgres>[0];
    products: number;
  },
): Promise<ShopUnderTest> {
  const { cluster, products, ...stackOptions } = options;
  buildApps({ freshStorefrontCache: true });
  const pg = (shop.pg = await ensurePostgres(cluster));
  await dropDatabase(pg.adminUrl, 'shop');
  await createDatabase(pg.adminUrl, 'shop');
  const url = (shop.url = pg.urlFor('shop'));
  await prepareDatabase(url, { seed: true, products });
  const db = (shop.db = createDb(url, 2));
  const stack = (shop.stack = await startStack({
    databaseUrl: url,
    authSecret: randomBytes(32).toString('hex'),
    ...stackOptions,
  }));
  return { pg, url, db, stack };
}

export async function stopShopUnderTest(shop: Partial<ShopUnderTest>): Promise<void> {
  await shop.stack?.stop();
  await shop.db?.$client.end();
  await shop.pg?.release();
}

/**
 * One more storefront replica next to a stack: the same build under the same launcher, on its
 * own port, on the stack's database; resolves once it answers `/`.
 */
export async function startStorefrontReplica(options: {
  port: number;
  databaseUrl: string;
  revalidateSecret: string;
  env?: Record<string, string>;
  quiet?: boolean;
}): Promise<Managed> {
  const url = `http://localhost:${options.port}`;
  const replica = startProcess(
    `storefront-${options.port}`,
    process.execPath,
    [
      ...['--import', 'tsx', 'serve-next.ts'],
      ...['--dir', path.join(repoRoot, 'apps', 'storefront'), '--port', String(options.port)],
    ],
    {
      cwd: path.join(repoRoot, 'tooling/scripts'),
      env: {
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        DATABASE_URL: options.databaseUrl,
        REVALIDATE_SECRET: options.revalidateSecret,
        BETTER_AUTH_SECRET: randomBytes(32).toString('hex'),
        STOREFRONT_URL: url,
        ...options.env,
      },
      quiet: options.quiet,
    },
  );
  await waitForHttp(`${url}/`, replica);
  return replica;
}

/** The `offset`-th active product. */
export async function activeProduct(db: Db, offset: number) {
  const row = await firstRow<{ id: string; handle: string; title: string }>(
    db,
    sql`select id, handle, title from products where status = 'active' order by id offset ${offset} limit 1`,
  );
  if (!row) throw new Error('the seed made too few active products');
  return { ...row, id: Number(row.id) };
}
