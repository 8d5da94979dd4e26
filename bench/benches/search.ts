import type { ProductSearch } from '@shop/core';
import type { Database } from '@shop/db/client';
import { seedDemo } from '@shop/db/seed';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { buildSearchDocuments, postgresEngine, productSearch } from '@shop/search';
import { zSearchInput, type SearchInput } from '@shop/validators';
import type { Bench } from '../lib/bench';
import { queryRows } from '@shop/db/query';
import { freshDatabase } from '../lib/database';
import { log, round } from '../lib/log';
import { benchShop, checkpoint, openConnections } from '../lib/pool';
import { forEachConcurrently, percentile } from '../lib/stats';

/** Requests in flight at once: a few shoppers searching together on the 2-core machine. */
const CONCURRENCY = 4;
/** Timed runs of each query and each prefix; the untimed warm-up runs each one twice first. */
const ITERATIONS = 40;
const WARM_UP = 2;
const INDEX_BATCH = 1000;
const TARGET_P95_FACETS_MS = 50;
const TARGET_P95_SUGGEST_MS = 20;

interface NamedQuery {
  name: string;
  input: SearchInput;
}

/**
 * Ten searches as the search page sends them (facets counted), over the demo catalogue's own
 * words (`@shop/db/seed`'s adjectives, materials and nouns): plain words, a phrase, two typos,
 * and filters on category, vendor, options, price and stock, with every sort.
 */
const facetedQueries: readonly NamedQuery[] = [
  { name: 'tee', input: { q: 'tee' } },
  { name: 'merino wool sweater', input: { q: 'merino wool sweater' } },
  { name: 'typo jakcet', input: { q: 'jakcet' } },
  { name: 'typo hoodei', input: { q: 'hoodei', region: 'eu' } },
  {
    name: 'linen in shirts, price asc',
    input: { q: 'linen', filters: { category: 'shirts' }, sort: 'price_asc' },
  },
  {
    name: 'cotton, Size M + Colour Black',
    input: { q: 'cotton', filters: { options: { Size: ['M'], Colour: ['Black'] } } },
  },
  {
    name: 'canvas, vendor, newest',
    input: { q: 'canvas', filters: { vendor: ['Fieldstone', 'Oak & Ember'] }, sort: 'newest' },
  },
  {
    name: 'mug, $15-$30, in stock',
    input: { q: 'mug', filters: { minPrice: 1500, maxPrice: 3000, inStock: true } },
  },
  {
    name: 'category apparel, browse, best selling',
    input: { q: '', filters: { category: 'apparel' }, sort: 'best_selling' },
  },
  {
    name: 'vintage in tops, price desc, in stock',
    input: {
      q: 'vintage',
      filters: { category: 'tops', inStock: true },
      sort: 'price_desc',
      region: 'eu',
    },
  },
];

/** Ten more as a listing or a bare results page sends them: no facet counts. */
const plainQueries: readonly NamedQuery[] = (
  [
    { name: 'jeans', input: { q: 'jeans' } },
    { name: 'organic cotton tee', input: { q: 'organic cotton tee' } },
    { name: 'typo cardigna', input: { q: 'cardigna' } },
    { name: 'typo bakcpack', input: { q: 'bakcpack' } },
    { name: 'candle, price asc', input: { q: 'candle', sort: 'price_asc' } },
    { name: 'wool in accessories', input: { q: 'wool', filters: { category: 'accessories' } } },
    {
      name: 'heritage, Colour Navy/Olive, in stock',
      input: { q: 'heritage', filters: { options: { Colour: ['Navy', 'Olive'] }, inStock: true } },
    },
    {
      name: 'category t-shirts, browse, newest',
      input: { q: '', filters: { category: 't-shirts' }, sort: 'newest' },
    },
    {
      name: 'collection sale, browse, price desc',
      input: { q: '', filters: { collection: 'sale' }, sort: 'price_desc', region: 'eu' },
    },
    {
      name: 'jacket under $150, vendor, best selling',
      input: {
        q: 'jacket',
        filters: { maxPrice: 15_000, vendor: ['Kestrel Goods'] },
        sort: 'best_selling',
      },
    },
  ] satisfies NamedQuery[]
).map((q) => ({ ...q, input: { ...q.input, facets: false } }));

/** What the header box sends as a shopper types: first letters, whole words, two words. */
const suggestPrefixes: readonly string[] = [
  'j',
  'ja',
  'jac',
  'tee',
  'hood',
  'swe',
  'merino',
  'lin',
  'can',
  'back',
  'mug',
  'cand',
  'classic',
  'vint',
  'org cot',
  'heritage cre',
  'alp',
  'wool b',
  'st',
  'throw',
];

interface Timings {
  /** Every timed call, in milliseconds. */
  latencies: number[];
  /** Wall-clock time of the whole timed phase, for the rate. */
  seconds: number;
  /** Per query (or prefix), its own timings, to name the slow ones. */
  perItem: Map<string, number[]>;
}

/**
 * Runs every item `ITERATIONS` times, shuffled the same way each run (queries interleave, so
 * the cache does not favour one), `CONCURRENCY` at a time, after `WARM_UP` untimed rounds.
 */
async function measure<T>(
  items: readonly T[],
  nameOf: (item: T) => string,
  call: (item: T) => Promise<unknown>,
): Promise<Timings> {
  const warm = items.flatMap((item) => Array.from({ length: WARM_UP }, () => item));
  await forEachConcurrently(warm, CONCURRENCY, async (item) => {
    await call(item);
  });
  const runs = interleave(items, ITERATIONS);
  const latencies: number[] = [];
  const perItem = new Map<string, number[]>();
  const started = performance.now();
  await forEachConcurrently(runs, CONCURRENCY, async (item) => {
    const t0 = performance.now();
    await call(item);
    const ms = performance.now() - t0;
    latencies.push(ms);
    const name = nameOf(item);
    const list = perItem.get(name) ?? [];
    list.push(ms);
    perItem.set(name, list);
  });
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { latencies, seconds, perItem };
}

/** `times` rounds of every item, each round in a different (but fixed) order. */
function interleave<T>(items: readonly T[], times: number): T[] {
  const out: T[] = [];
  for (let round = 0; round < times; round++) {
    for (let i = 0; i < items.length; i++) {
      const item = items[(i * 7 + round * 3) % items.length];
      if (item !== undefined) out.push(item);
    }
  }
  return out;
}

function summary(t: Timings) {
  return {
    calls: t.latencies.length,
    concurrency: CONCURRENCY,
    p50: round(percentile(t.latencies, 50)),
    p95: round(percentile(t.latencies, 95)),
    p99: round(percentile(t.latencies, 99)),
    perSecond: round(t.latencies.length / Math.max(t.seconds, 0.001), 1),
  };
}

/** The items by their own p95, slowest first: stderr names what to look at first. */
function logSlowest(label: string, t: Timings, target: number | null) {
  const rows = [...t.perItem.entries()]
    .map(([name, ms]) => {
      const sorted = [...ms].sort((a, b) => a - b);
      return { name, p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
    })
    .sort((a, b) => b.p95 - a.p95);
  log(`${label}, each by its p95 (slowest first):`);
  for (const r of rows) {
    const flag = target !== null && r.p95 > target ? '  (above the target)' : '';
    log(
      `  ${r.name.padEnd(42)} p50 ${round(r.p50).toFixed(2).padStart(8)} ms  p95 ${round(r.p95).toFixed(2).padStart(8)} ms${flag}`,
    );
  }
}

/**
 * The Postgres engine's index built the way `search:reindex` builds it: documents from
 * `buildSearchDocuments` in id order, a batch at a time, each batch upserted.
 */
async function buildIndex(
  db: Database,
  products: number,
): Promise<{ documents: number; ms: number }> {
  const engine = postgresEngine(db);
  const started = performance.now();
  let afterId = 0;
  let documents = 0;
  let reported = 0;
  for (;;) {
    const batch = await buildSearchDocuments(db, { afterId, limit: INDEX_BATCH });
    if (batch.length === 0) break;
    await engine.upsert(batch);
    documents += batch.length;
    afterId = batch[batch.length - 1]?.id ?? afterId;
    if (documents - reported >= Math.max(INDEX_BATCH, products / 10)) {
      reported = documents;
      const rate = Math.round(documents / Math.max((performance.now() - started) / 1000, 0.001));
      log(`  ${documents.toLocaleString('en')} documents indexed (${rate.toLocaleString('en')}/s)`);
    }
  }
  return { documents, ms: performance.now() - started };
}

/**
 * A handle that records every statement run through it (inside its transactions too), so that
 * the benchmark can show the plans of the slowest queries without knowing the engine's SQL.
 */
function recordingDb(db: Database, statements: SQL[]): Database {
  const wrap = (handle: Database): Database =>
    new Proxy(handle, {
      get(target, key) {
        if (key === 'execute') {
          return (query: SQL) => {
            statements.push(query);
            return target.execute(query);
          };
        }
        if (key === 'transaction') {
          return (fn: (tx: Database) => Promise<unknown>, config?: unknown) =>
            (target.transaction as (f: typeof fn, c?: unknown) => Promise<unknown>)(
              (tx) => fn(wrap(tx)),
              config,
            );
        }
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });
  return wrap(db);
}

const dialect = new PgDialect();

/**
 * Runs `call` once on a recording handle, then replays its statements in one transaction
 * (rolled back), each select as `explain (analyze, buffers)`, and prints the plans on stderr.
 * Settings statements (`set_limit`, `set_config`) are replayed as they are, so the plans are
 * those of the real call.
 */
async function explain(db: Database, label: string, call: (db: Database) => Promise<unknown>) {
  const statements: SQL[] = [];
  await call(recordingDb(db, statements));
  log(`--- EXPLAIN ANALYZE: ${label} (${statements.length} statements)`);
  await db
    .transaction(async (tx) => {
      for (const statement of statements) {
        const text = dialect.sqlToQuery(statement).sql;
        if (/set_limit|set_config|^\s*set\s/i.test(text)) {
          await tx.execute(statement);
          continue;
        }
        const plan = await queryRows<{ 'QUERY PLAN': string }>(
          tx,
          sql`explain (analyze, buffers) ${statement}`,
        );
        log(text.replace(/\s+/g, ' ').slice(0, 400));
        log(plan.map((r) => r['QUERY PLAN']).join('\n'));
      }
      throw new RolledBack();
    })
    .catch((err: unknown) => {
      if (!(err instanceof RolledBack)) throw err;
    });
}

class RolledBack extends Error {}

/** The `count` slowest items (by p95) of a run. */
function slowest(t: Timings, count: number): string[] {
  return [...t.perItem.entries()]
    .map(([name, ms]) => ({
      name,
      p95: percentile(
        [...ms].sort((a, b) => a - b),
        95,
      ),
    }))
    .sort((a, b) => b.p95 - a.p95)
    .slice(0, count)
    .map((r) => r.name);
}

async function checkQueries(search: ProductSearch, queries: readonly NamedQuery[]) {
  // Every query is run once through the validators, the way the API would parse it, and must
  // find something: a query answering nothing measures an empty result, not a search.
  for (const q of queries) {
    const response = await search.search(zSearchInput.parse(q.input));
    if (response.total === 0) log(`  note: "${q.name}" finds nothing on this catalogue`);
  }
}

/**
 * Latency and rate of product search on the Postgres engine over a seeded catalogue (default
 * 100,000 products): 10 queries with facet counts, 10 without, and 20 suggestion prefixes,
 * through the search port (`productSearch`) the storefront's API calls.
 */
export const searchBench: Bench = {
  name: 'search',
  description: 'p50/p95/p99 and rate of 20 searches and 20 suggestions over --products products',
  uses: ['products'],
  async run({ products }, emit) {
    const url = await freshDatabase('bench_search');
    // The seed holds one connection; the measured runs CONCURRENCY, and one spare.
    const shop = benchShop(url, CONCURRENCY + 1);
    const db = shop.db;

    log(`Seeding ${products.toLocaleString('en')} products`);
    const seeded = await seedDemo(db, { products });
    log(`  seeded in ${round(seeded.ms / 1000, 1)} s`);

    log(`Building the Postgres search index (batches of ${INDEX_BATCH})`);
    const index = await buildIndex(db, products);
    // Fresh statistics, as after a real reindex's autovacuum, so the planner sees 100,000 rows.
    await db.execute(sql`analyze search_documents, search_document_prices`);
    log(`  ${index.documents.toLocaleString('en')} documents in ${round(index.ms / 1000, 1)} s`);
    emit({
      stage: 'index',
      products: seeded.products,
      documents: index.documents,
      seedSeconds: round(seeded.ms / 1000, 1),
      indexSeconds: round(index.ms / 1000, 1),
      documentsPerSecond: Math.round(index.documents / Math.max(index.ms / 1000, 0.001)),
    });

    const search = productSearch(postgresEngine(db), { readDb: db });
    await checkQueries(search, [...facetedQueries, ...plainQueries]);
    await openConnections(db, CONCURRENCY);
    await checkpoint(db);

    const parsed = (q: NamedQuery) => ({ name: q.name, params: zSearchInput.parse(q.input) });
    const run = (set: readonly NamedQuery[]) =>
      measure(
        set.map(parsed),
        (q) => q.name,
        (q) => search.search(q.params),
      );

    log(
      `Searches with facets: ${facetedQueries.length} queries x ${ITERATIONS}, ${CONCURRENCY} at a time`,
    );
    const faceted = await run(facetedQueries);
    emit({
      set: 'with-facets',
      queries: facetedQueries.length,
      ...summary(faceted),
      targetP95: TARGET_P95_FACETS_MS,
    });
    logSlowest('with facets', faceted, TARGET_P95_FACETS_MS);

    log(`Searches without facets: ${plainQueries.length} queries x ${ITERATIONS}`);
    const plain = await run(plainQueries);
    emit({ set: 'without-facets', queries: plainQueries.length, ...summary(plain) });
    logSlowest('without facets', plain, null);

    log(`Suggestions: ${suggestPrefixes.length} prefixes x ${ITERATIONS}`);
    const suggestions = await measure(
      suggestPrefixes,
      (p) => p,
      (p) => search.suggest(p, { limit: 8 }),
    );
    emit({
      set: 'suggestions',
      prefixes: suggestPrefixes.length,
      ...summary(suggestions),
      targetP95: TARGET_P95_SUGGEST_MS,
    });
    logSlowest('suggestions', suggestions, TARGET_P95_SUGGEST_MS);

    // A set that misses its target gets the plans of its two slowest items on stderr: what
    // to read first when tuning the engine's SQL or its indexes.
    if (summary(faceted).p95 > TARGET_P95_FACETS_MS) {
      const byName = new Map(facetedQueries.map((q) => [q.name, q]));
      for (const name of slowest(faceted, 2)) {
        const q = byName.get(name);
        if (!q) continue;
        const params = zSearchInput.parse(q.input);
        await explain(db, name, (handle) =>
          productSearch(postgresEngine(handle), { readDb: handle }).search(params),
        );
      }
    }
    if (summary(suggestions).p95 > TARGET_P95_SUGGEST_MS) {
      for (const prefix of slowest(suggestions, 2)) {
        await explain(db, `suggest "${prefix}"`, (handle) =>
          productSearch(postgresEngine(handle), { readDb: handle }).suggest(prefix, { limit: 8 }),
        );
      }
    }

    const withFacets = summary(faceted);
    const suggest = summary(suggestions);
    log(
      `Targets (printed, not checked): p95 <= ${TARGET_P95_FACETS_MS} ms with facets (got ${withFacets.p95} ms); ` +
        `suggestions p95 <= ${TARGET_P95_SUGGEST_MS} ms (got ${suggest.p95} ms)`,
    );
  },
};
