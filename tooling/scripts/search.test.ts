import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { queryRows } from '@shop/db/query';
import { createShop } from '@shop/runtime';
import { shopEnvOn } from '@shop/runtime/env';
import { seedDemo } from '@shop/db/seed';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildSearchIndexes } from './lib/database';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs `pnpm search:<command>`'s script as the package.json does, on the test's database. */
function runSearch(
  databaseUrl: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tooling/scripts/search.ts', ...args],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          NO_COLOR: '1',
          LOG_LEVEL: 'warn',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

async function activeIds(tdb: TestDatabase): Promise<number[]> {
  const rows = await queryRows<{ id: string | number }>(
    tdb.db,
    sql`select id from products where status = 'active' order by id`,
  );
  return rows.map((r) => Number(r.id));
}

async function indexedCount(tdb: TestDatabase): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    tdb.db,
    sql`select count(*)::int as n from search_documents`,
  );
  return rows[0]?.n ?? 0;
}

describe('pnpm search:reindex and search:check', () => {
  let tdb: TestDatabase;

  beforeAll(async () => {
    tdb = await createTestDatabase('search_cli');
    // Seeded without an index: the reindex below has all of it to build.
    await seedDemo(tdb.db, { products: 25 });
  });
  afterAll(async () => {
    await tdb?.drop();
  });

  it('reindex builds every active product, with plain progress lines off a terminal', async () => {
    expect(await indexedCount(tdb)).toBe(0);
    const { code, out } = await runSearch(tdb.url, ['reindex']);
    expect(code, out).toBe(0);
    const n = (await activeIds(tdb)).length;
    expect(await indexedCount(tdb)).toBe(n);
    expect(out).toContain(`postgres: ${n} / ${n} documents (100%)`);
    expect(out).toMatch(/Rebuilt postgres in \d+\.\d s/);
  });

  it('check exits 0 on an index in step', async () => {
    const { code, out } = await runSearch(tdb.url, ['check']);
    expect(code, out).toBe(0);
    expect(out).toMatch(/postgres: \d+ in the catalog, \d+ indexed — in step/);
  });

  it('check names the drift and exits 1; --repair removes it and exits 0', async () => {
    const [stale, missing, extra] = await activeIds(tdb);
    if (extra === undefined) throw new Error('too few active products');
    // Behind the index's back: the catalog edited with raw SQL, an index row deleted, a product
    // archived without its event.
    await tdb.db.execute(sql`update products set title = 'Changed Behind' where id = ${stale}`);
    await tdb.db.execute(sql`delete from search_documents where product_id = ${missing}`);
    await tdb.db.execute(sql`update products set status = 'archived' where id = ${extra}`);

    const drifted = await runSearch(tdb.url, ['check']);
    expect(drifted.code, drifted.out).toBe(1);
    expect(drifted.out).toContain('— drift');
    expect(drifted.out).toContain(`1 missing (in the catalog, not indexed): ${missing}`);
    expect(drifted.out).toContain(`1 stale (indexed with old fields): ${stale}`);
    expect(drifted.out).toContain(`1 extra (indexed, not in the catalog): ${extra}`);
    expect(drifted.out).toContain('pnpm search:check --repair');

    const repaired = await runSearch(tdb.url, ['check', '--repair']);
    expect(repaired.code, repaired.out).toBe(0);
    expect(repaired.out).toContain('repaired 3 documents; postgres is in step');

    const after = await runSearch(tdb.url, ['check']);
    expect(after.code, after.out).toBe(0);
    const title = await queryRows<{ title: string }>(
      tdb.db,
      sql`select title from search_documents where product_id = ${stale}`,
    );
    expect(title[0]?.title).toBe('Changed Behind');
  });

  it('refuses an unknown command or option with the usage, exit 1', async () => {
    const bad = await runSearch(tdb.url, ['check', '--fix']);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('Unknown option --fix. Usage: search.ts reindex | check [--repair]');
    const none = await runSearch(tdb.url, []);
    expect(none.code).toBe(1);
    expect(none.out).toContain('Usage: search.ts reindex | check [--repair]');
  });

  it('names an unreachable Meilisearch in one line, still does Postgres, and exits 1', async () => {
    const down = { MEILISEARCH_HOST: 'http://127.0.0.1:9' };
    for (const args of [['check'], ['reindex']]) {
      const { code, out } = await runSearch(tdb.url, args, down);
      expect(code, out).toBe(1);
      expect(out).toMatch(
        /^ {2}meilisearch failed: Request to http:\/\/127\.0\.0\.1:9\/.* has failed/m,
      );
      // One sentence, not a stack trace.
      expect(out).not.toMatch(/^\s+at /m);
    }
    const { out } = await runSearch(tdb.url, ['check'], down);
    expect(out).toMatch(/postgres: \d+ in the catalog, \d+ indexed — in step/);
  });
});

describe("pnpm start's index build", () => {
  it('warns about an unreachable Meilisearch and builds the Postgres index', async () => {
    const tdb = await createTestDatabase('search_start');
    const env = shopEnvOn(tdb.url);
    const shop = createShop(
      { ...env, search: { ...env.search, MEILISEARCH_HOST: 'http://127.0.0.1:9' } },
      { poolMax: 2 },
    );
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await seedDemo(tdb.db, { products: 5 });
      await buildSearchIndexes(shop, { always: false });
      expect(await indexedCount(tdb)).toBe((await activeIds(tdb)).length);
      expect(warn).toHaveBeenCalledOnce();
      expect(String(warn.mock.calls[0]?.[0])).toContain(
        'The meilisearch search index was not built: Request to http://127.0.0.1:9/',
      );
    } finally {
      warn.mockRestore();
      await shop.close();
      await tdb.drop();
    }
  });
});
