import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommerceError } from '@shop/core';
import { queryRows } from '@shop/db/query';
import { seedDemo } from '@shop/db/seed';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { DEFAULT_BATCH_ROWS, planImport, runImport } from './index';
import { productFixture } from './fixture';

let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase('csvimport');
  await seedDemo(tdb.db, { products: 3 });
});
afterAll(async () => {
  await tdb.drop();
});

const TABLES = [
  'products',
  'product_variants',
  'product_options',
  'product_option_values',
  'variant_option_values',
  'product_prices',
  'product_images',
  'inventory_levels',
  'stock_adjustments',
  'domain_events',
] as const;

async function tableCounts(): Promise<Record<(typeof TABLES)[number], number>> {
  const counts = Object.fromEntries(TABLES.map((t) => [t, 0])) as Record<
    (typeof TABLES)[number],
    number
  >;
  for (const t of TABLES) {
    const [row] = await queryRows<{ n: number }>(
      tdb.db,
      sql`select count(*)::int as n from ${sql.identifier(t)}`,
    );
    counts[t] = Number(row?.n);
  }
  return counts;
}

function fixture(
  rows: number,
  invalid: number,
  extra: { offset?: number; priceCents?: number } = {},
) {
  const generated = [...productFixture({ rows, invalid, ...extra })];
  return {
    text: generated.map((r) => r.text).join(''),
    invalid: generated.filter((r) => r.invalid).map((r) => ({ line: r.line, kind: r.invalid })),
  };
}

async function* chunked(text: string, size = 4096): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  // Chunk boundaries fall inside multi-byte characters and quoted fields.
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const REASONS = {
  price: /USD amounts have at most 2 decimals/,
  stock: /cannot be negative/,
  'duplicate-sku': /SKU "SKU-0-S" is already used on line 2 of this file/,
  'no-title': /a new product needs a title/,
  options: /Option2 Value "Red" is given but the product has only 1 option/,
} as const;

describe('product CSV import', () => {
  const file = fixture(1000, 5);

  it('the dry run reports 995 rows to create and the 5 invalid ones by line and reason, writing nothing', async () => {
    expect(file.invalid).toHaveLength(5);
    const before = await tableCounts();
    const plan = await planImport(tdb.db, chunked(file.text));
    expect(await tableCounts()).toEqual(before);
    expect(plan.counts).toEqual({
      rows: 1000,
      created: 995,
      updated: 0,
      unchanged: 0,
      rejected: 5,
    });
    expect(plan.rejections.map((r) => r.line)).toEqual(file.invalid.map((i) => i.line));
    for (const [i, r] of plan.rejections.entries()) {
      const kind = file.invalid[i]?.kind;
      expect(kind).toBeDefined();
      if (kind) expect(r.reason).toMatch(REASONS[kind]);
    }
  });

  it('imports 995 rows in one event per batch, stock through the ledger; the same file again changes nothing', async () => {
    const before = await tableCounts();
    const first = await runImport(tdb.db, chunked(file.text), { actor: 'staff:test' });
    expect(first.counts).toEqual({
      rows: 1000,
      created: 995,
      updated: 0,
      unchanged: 0,
      rejected: 5,
    });
    expect(first.rejections.map((r) => r.line)).toEqual(file.invalid.map((i) => i.line));
    const after = await tableCounts();
    expect(after.products - before.products).toBe(500);
    expect(after.product_variants - before.product_variants).toBe(995);
    expect(after.domain_events - before.domain_events).toBe(Math.ceil(1000 / DEFAULT_BATCH_ROWS));

    const [shirt] = await queryRows<{
      title: string;
      description: string;
      vendor: string;
      tags: string[];
    }>(tdb.db, sql`select title, description, vendor, tags from products where handle = 'item-4'`);
    expect(shirt).toEqual({
      title: '日本語のシャツ 4',
      description: '<p>Soft, light and warm.</p>\n<p>Wash at 30°, "gently".</p>\nNo 4',
      vendor: 'Northwind, Ltd',
      tags: ['summer', 'cotton', 'tag-4'],
    });
    const [stock] = await queryRows<{
      on_hand: number;
      delta: number;
      reason: string;
      actor: string;
      amount: number;
    }>(
      tdb.db,
      sql`select il.on_hand, a.delta, a.reason, a.actor, pp.amount
            from product_variants v
            join inventory_levels il on il.variant_id = v.id
            join stock_adjustments a on a.variant_id = v.id
            join product_prices pp on pp.variant_id = v.id and pp.currency_code = 'USD'
           where v.sku = 'SKU-7-M'`,
    );
    expect(stock).toEqual({
      on_hand: 7,
      delta: 7,
      reason: 'import',
      actor: 'staff:test',
      amount: 1950,
    });

    const second = await runImport(tdb.db, chunked(file.text, 777));
    expect(second.counts).toEqual({
      rows: 1000,
      created: 0,
      updated: 0,
      unchanged: 995,
      rejected: 5,
    });
    expect(await tableCounts()).toEqual(after);
  });

  it('a second file with new prices updates them, one row each, and logs no stock change', async () => {
    const before = await tableCounts();
    const changed = fixture(1000, 5, { priceCents: 75 });
    const result = await runImport(tdb.db, chunked(changed.text));
    expect(result.counts).toMatchObject({ created: 0, updated: 995, unchanged: 0, rejected: 5 });
    const after = await tableCounts();
    expect(after.stock_adjustments).toBe(before.stock_adjustments);
    expect(after.product_prices).toBe(before.product_prices);
    const [price] = await queryRows<{ amount: number }>(
      tdb.db,
      sql`select pp.amount from product_prices pp join product_variants v on v.id = pp.variant_id
           where v.sku = 'SKU-7-M' and pp.currency_code = 'USD'`,
    );
    expect(Number(price?.amount)).toBe(1975);
  });

  it('refuses a file that is not CSV, or has no Handle column, with a sentence and writes nothing', async () => {
    const before = await tableCounts();
    const binary = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0xff, 0xfe,
    ]);
    async function* bytes() {
      yield binary;
    }
    await expect(runImport(tdb.db, bytes())).rejects.toThrow(/not a CSV text file/);
    await expect(runImport(tdb.db, chunked('Name,Price\r\nShirt,12.00\r\n'))).rejects.toThrow(
      /no "Handle" column/,
    );
    await expect(runImport(tdb.db, chunked(''))).rejects.toThrow(CommerceError);
    await expect(
      runImport(tdb.db, chunked('Handle,Title,Variant SKU\r\na,"unclosed,SKU-X\r\n')),
    ).rejects.toThrow(/not valid CSV/);
    expect(await tableCounts()).toEqual(before);
  });

  it('refuses a SKU another product owns and a compare-at price not above the price, row by row', async () => {
    const [seeded] = await queryRows<{ sku: string }>(
      tdb.db,
      sql`select sku from product_variants order by id limit 1`,
    );
    const text = [
      'handle,TITLE,variant sku,Variant Price,Variant Compare At Price,Option1 Name,Option1 Value',
      `stolen,Stolen,${seeded?.sku},10.00,,,`,
      'cheap,Cheap,CHEAP-1,10.00,9.00,,',
      'ok-one,"Ok, one",OK-1,10.00,,Size,S',
      'ok-one,,OK-2,10.00,,,S',
    ].join('\n');
    const result = await runImport(tdb.db, chunked(text));
    expect(result.rejections).toEqual([
      expect.objectContaining({
        line: 2,
        reason: expect.stringMatching(/belongs to another product/),
      }),
      expect.objectContaining({
        line: 3,
        reason: expect.stringMatching(/must be above the price/),
      }),
      expect.objectContaining({
        line: 5,
        reason: expect.stringMatching(/already the variant on line 4/),
      }),
    ]);
    expect(result.counts.created).toBe(1);
  });
});

describe('file-wide checks', () => {
  it('refuse a handle or SKU met again batches later, in the dry run and the import alike', async () => {
    const text = [
      'Handle,Title,Variant SKU,Variant Price',
      'far-a,Far A,FAR-A,10.00',
      'far-b,Far B,FAR-B,10.00',
      'far-c,Far C,FAR-C,10.00',
      'far-a,Far A again,FAR-A2,10.00',
      'far-d,Far D,FAR-B,10.00',
    ].join('\n');
    const expected = [
      expect.objectContaining({
        line: 5,
        reason: 'Handle "far-a" already appeared from line 2; keep a product\'s rows together.',
      }),
      expect.objectContaining({
        line: 6,
        reason: 'SKU "FAR-B" is already used on line 3 of this file.',
      }),
    ];
    // One product a batch: every repeat is met in a later batch than the first use.
    const plan = await planImport(tdb.db, chunked(text), { batchRows: 1 });
    expect(plan.rejections).toEqual(expected);
    expect(plan.counts).toMatchObject({ created: 3, rejected: 2 });
    const seen: number[] = [];
    const run = await runImport(tdb.db, chunked(text), {
      batchRows: 1,
      keepRejections: 0,
      onBatch: async (_tx, _counts, rejections) => {
        seen.push(...rejections.map((r) => r.line));
      },
    });
    expect(run.rejections).toEqual([]);
    expect(seen).toEqual([5, 6]);
    expect(run.counts).toMatchObject({ created: 3, rejected: 2 });
    // A later import starts from an empty memory of keys: the same file is unchanged, not repeated.
    const again = await runImport(tdb.db, chunked(text), { batchRows: 2 });
    expect(again.counts).toMatchObject({ unchanged: 3, rejected: 2 });
  });
});

describe('hostile runs', () => {
  it('two imports of the same file at once create every product and variant once', async () => {
    const file = fixture(400, 0, { offset: 70_000 });
    const before = await tableCounts();
    const [a, b] = await Promise.all([
      runImport(tdb.db, chunked(file.text), { batchRows: 100 }),
      runImport(tdb.db, chunked(file.text), { batchRows: 100 }),
    ]);
    expect(a.counts.rejected + b.counts.rejected).toBe(0);
    const after = await tableCounts();
    expect(after.products - before.products).toBe(200);
    expect(after.product_variants - before.product_variants).toBe(400);
    expect(after.product_prices - before.product_prices).toBe(400);
    // Each count was set once: the later run found it already there.
    const [ledger] = await queryRows<{ n: number }>(
      tdb.db,
      sql`select count(*)::int as n from stock_adjustments a join product_variants v on v.id = a.variant_id
           where v.sku like 'SKU-7____-_'`,
    );
    const [moved] = await queryRows<{ n: number }>(
      tdb.db,
      sql`select count(*)::int as n from inventory_levels il join product_variants v on v.id = il.variant_id
           where v.sku like 'SKU-7____-_' and il.on_hand > 0`,
    );
    expect(Number(ledger?.n)).toBe(Number(moved?.n));
  });

  it('an import stopped after its first batch keeps that batch, and running it again finishes the file', async () => {
    const file = fixture(300, 0, { offset: 80_000 });
    const before = await tableCounts();
    let batches = 0;
    await expect(
      runImport(tdb.db, chunked(file.text), {
        batchRows: 100,
        onBatch: async () => {
          batches++;
          // The worker dies while the second batch is being written: that batch rolls back.
          if (batches === 2) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    const midway = await tableCounts();
    expect(midway.product_variants - before.product_variants).toBe(100);
    const again = await runImport(tdb.db, chunked(file.text), { batchRows: 100 });
    expect(again.counts).toMatchObject({ created: 200, unchanged: 100, rejected: 0 });
    expect((await tableCounts()).product_variants - before.product_variants).toBe(300);
  });
});
