/**
 * Every storefront replica shows a product edit. Real processes: the built storefront twice
 * (ports 3400 and 3402, one build, each with its own in-memory cache), the admin and the worker
 * with `STOREFRONT_URLS` naming both, on a Postgres cluster of this file's own. Without the
 * replica list the second storefront would keep serving the old page for its hour.
 *
 * Builds the apps first (Turborepo, cached). It shares the built apps with the end-to-end run:
 * `flock /tmp/shop-e2e.lock pnpm vitest run tooling/scripts/replicas.test.ts`.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { updateProduct } from '@shop/core';
import { createDb, type Db } from '@shop/db/client';
import {
  createDatabase,
  dedicatedCluster,
  dropDatabase,
  ensurePostgres,
  repoRoot,
  type RunningPostgres,
} from '@shop/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApps } from './lib/build-apps';
import { prepareDatabase } from './lib/database';
import { startProcess, stopAll, waitForHttp, type Managed } from './lib/processes';
import { startStack, type Stack } from './lib/stack';

const cluster = dedicatedCluster('replicas', 54344);
const PORTS = { storefront: 3400, admin: 3401, secondStorefront: 3402 };
const replicas = [
  `http://localhost:${PORTS.storefront}`,
  `http://localhost:${PORTS.secondStorefront}`,
];
const secret = randomBytes(32).toString('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `text` as React writes it into HTML. */
function html(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#x27;');
}

async function page(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return res.text();
}

describe('storefront replicas', () => {
  let pg: RunningPostgres;
  let db: Db;
  let stack: Stack;
  let second: Managed;

  beforeAll(async () => {
    buildApps({ freshStorefrontCache: true });
    pg = await ensurePostgres(cluster);
    await dropDatabase(pg.adminUrl, 'shop');
    await createDatabase(pg.adminUrl, 'shop');
    const url = pg.urlFor('shop');
    await prepareDatabase(url, { seed: true, products: 10 });
    db = createDb(url, 2);
    const env = { STOREFRONT_URLS: replicas.join(',') };
    stack = await startStack({
      databaseUrl: url,
      storefrontPort: PORTS.storefront,
      adminPort: PORTS.admin,
      revalidateSecret: secret,
      authSecret: randomBytes(32).toString('hex'),
      quiet: !process.env.REPLICAS_VERBOSE,
      env,
    });
    // The second replica: the same build under the same launcher, on its own port.
    second = startProcess(
      'storefront-2',
      process.execPath,
      [
        '--import',
        'tsx',
        'serve-next.ts',
        '--dir',
        path.join(repoRoot, 'apps', 'storefront'),
        '--port',
        String(PORTS.secondStorefront),
      ],
      {
        cwd: path.join(repoRoot, 'tooling/scripts'),
        env: {
          NODE_ENV: 'production',
          NEXT_TELEMETRY_DISABLED: '1',
          DATABASE_URL: url,
          REVALIDATE_SECRET: secret,
          BETTER_AUTH_SECRET: randomBytes(32).toString('hex'),
          STOREFRONT_URL: replicas[1],
          ...env,
        },
        quiet: !process.env.REPLICAS_VERBOSE,
      },
    );
    await waitForHttp(`${replicas[1]}/`, second);
  }, 900_000);

  afterAll(async () => {
    if (second) await stopAll([second]);
    await stack?.stop();
    await db?.$client.end();
    await pg?.release();
  }, 120_000);

  it('two storefront processes on different ports both show the new title within 5 s of one edit', async () => {
    const found = await db.$client.query<{ id: string; handle: string; title: string }>(
      `select id, handle, title from products where status = 'active' order by id limit 1`,
    );
    const row = found.rows[0];
    if (!row) throw new Error('the seed made no active product');
    const product = { ...row, id: Number(row.id) };
    // Both replicas render and cache the page (the second visit is served from the cache).
    for (const base of replicas) {
      for (let i = 0; i < 2; i++)
        expect(await page(`${base}/p/${product.handle}`)).toContain(html(product.title));
    }

    const title = `Renamed on every replica ${randomBytes(3).toString('hex')}`;
    const editedAt = Date.now();
    await updateProduct(db, { id: product.id, title });

    const seenAfter = await Promise.all(
      replicas.map(async (base) => {
        for (;;) {
          if ((await page(`${base}/p/${product.handle}`)).includes(html(title)))
            return Date.now() - editedAt;
          if (Date.now() - editedAt > 15_000) return Number.POSITIVE_INFINITY;
          await sleep(200);
        }
      }),
    );
    for (const ms of seenAfter) expect(ms).toBeLessThanOrEqual(5_000);
  }, 60_000);
});
