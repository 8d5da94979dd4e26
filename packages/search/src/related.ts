import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { firstRow, queryRows } from '@shop/db/query';
import { buildSearchDocuments, optionTokens, type SearchDocument } from './document';
import type { SearchEngine } from './engine';

/**
 * Related products for the product page: "similar items" from the search engine (any engine:
 * only `SearchEngine.query` is used) and "often bought together" from order history, which
 * `computeAffinities` turns into the `product_affinities` table on a schedule.
 */

/** Candidates fetched from the engine before re-ranking: a few pages' worth of the category. */
const SIMILAR_CANDIDATES = 48;
/** A shared tag (material, style, sale) says more about likeness than a shared size or colour. */
const TAG_WEIGHT = 2;
const OPTION_WEIGHT = 1;

export interface SimilarOptions {
  /** Prices of the candidates are read in this currency (the engine's query needs one). */
  currency: string;
  limit: number;
  /**
   * The category to look in: the deepest of the product's categories, when the caller knows it
   * (`deepestCategoryHandle` reads it from the catalog). Absent: found through the engine.
   */
  categoryHandle?: string | null;
}

/**
 * Products like `document`: in its deepest category, itself left out, the engine's best sellers
 * there re-ranked by how many tags and option values (`Size: M`, `Colour: Navy`) they share with
 * it; equal scores keep the engine's order (more popular first), then the lower id.
 */
export async function similarProducts(
  engine: SearchEngine,
  document: SearchDocument,
  options: SimilarOptions,
): Promise<SearchDocument[]> {
  if (options.limit <= 0) return [];
  const categoryHandle =
    options.categoryHandle === undefined
      ? await deepestCategoryByCount(engine, document, options.currency)
      : options.categoryHandle;
  const result = await engine.query({
    text: '',
    currency: options.currency,
    filters: {
      ...(categoryHandle ? { categoryHandle } : {}),
      excludeIds: [document.id],
    },
    sort: 'best_selling',
    offset: 0,
    limit: Math.max(SIMILAR_CANDIDATES, options.limit),
    facets: false,
    highlight: false,
  });
  const tags = new Set(document.tags.map((t) => t.toLowerCase()));
  const tokens = new Set(optionTokens(document.options));
  return result.hits
    .map((hit, rank) => {
      const candidate = hit.document;
      const sharedTags = new Set(
        candidate.tags.map((t) => t.toLowerCase()).filter((t) => tags.has(t)),
      );
      const sharedOptions = new Set(optionTokens(candidate.options).filter((t) => tokens.has(t)));
      return {
        candidate,
        rank,
        score: sharedTags.size * TAG_WEIGHT + sharedOptions.size * OPTION_WEIGHT,
      };
    })
    .filter((c) => c.candidate.id !== document.id)
    .sort(
      (a, b) =>
        b.score - a.score ||
        b.candidate.popularity - a.candidate.popularity ||
        a.rank - b.rank ||
        a.candidate.id - b.candidate.id,
    )
    .slice(0, options.limit)
    .map((c) => c.candidate);
}

/**
 * The deepest category a document is in, asked of the engine alone: a category holds no more
 * products than its parent, so the one of the document's categories with the fewest products is
 * the deepest (or as good as: a parent with the same count holds exactly the same products).
 * One count per category, in parallel; null when the document has no category.
 */
async function deepestCategoryByCount(
  engine: SearchEngine,
  document: SearchDocument,
  currency: string,
): Promise<string | null> {
  if (document.categoryHandles.length === 0) return null;
  const counts = await Promise.all(
    document.categoryHandles.map(async (handle) => {
      const r = await engine.query({
        text: '',
        currency,
        filters: { categoryHandle: handle },
        sort: 'newest',
        offset: 0,
        limit: 0,
        facets: false,
        highlight: false,
      });
      return { handle, total: r.total };
    }),
  );
  counts.sort((a, b) => a.total - b.total || (a.handle < b.handle ? -1 : 1));
  return counts[0]?.handle ?? null;
}

/**
 * The handle of the category a product's `categoryPath` ends in (its first category, as
 * `buildSearchDocuments` picks it): the deepest category of that path. Null without a category.
 */
export async function deepestCategoryHandle(
  db: Database,
  productId: number,
): Promise<string | null> {
  const row = await firstRow<{ handle: string }>(
    db,
    sql`select c.handle from product_categories pc join categories c on c.id = pc.category_id
         where pc.product_id = ${productId} order by pc.category_id limit 1`,
  );
  return row?.handle ?? null;
}

/** Related products kept per product: more than any page shows, few enough to stay small. */
export const AFFINITIES_PER_PRODUCT = 20;
/** Two runs (the schedule and a manual one) take turns rather than interleave their writes. */
const AFFINITY_LOCK = 727276;

export interface AffinitySummary {
  /** Products that have at least one related product. */
  products: number;
  /** Rows written (product, related product). */
  pairs: number;
  ms: number;
}

/**
 * Rebuilds "often bought together" from order history: for each product, the others that were
 * in the same orders (canceled orders left out), scored by the share of the product's orders
 * that also held the other one (`orders with both / orders with the product`, so 1 means
 * "always bought with it"); the `perProduct` best are kept, ties going to the other product
 * bought in more orders, then the lower id.
 *
 * The table is replaced in one transaction: readers see the old pairs until the commit and the
 * new ones after it, never a half-written table.
 */
export async function computeAffinities(
  db: Database,
  options: { perProduct?: number } = {},
): Promise<AffinitySummary> {
  const perProduct = options.perProduct ?? AFFINITIES_PER_PRODUCT;
  if (!Number.isInteger(perProduct) || perProduct < 1) {
    throw new Error(`perProduct must be a positive integer, got ${perProduct}.`);
  }
  const started = performance.now();
  const counts = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AFFINITY_LOCK})`);
    await tx.execute(sql`delete from product_affinities`);
    await tx.execute(sql`
      insert into product_affinities (product_id, related_id, score, computed_at)
      with bought as (
        select distinct ol.order_id, ol.product_id
          from order_lines ol join orders o on o.id = ol.order_id
         where ol.product_id is not null and o.status <> 'canceled'
      ),
      orders_of as (
        select product_id, count(*) as orders from bought group by product_id
      ),
      pairs as (
        select a.product_id, b.product_id as related_id, count(*) as together
          from bought a join bought b on b.order_id = a.order_id and b.product_id <> a.product_id
         group by a.product_id, b.product_id
      ),
      ranked as (
        select p.product_id, p.related_id, p.together::real / mine.orders as score,
               row_number() over (
                 partition by p.product_id
                 order by p.together desc, theirs.orders desc, p.related_id) as position
          from pairs p
          join orders_of mine on mine.product_id = p.product_id
          join orders_of theirs on theirs.product_id = p.related_id
      )
      select product_id, related_id, score, now() from ranked where position <= ${perProduct}`);
    const row = await firstRow<{ products: number | string; pairs: number | string }>(
      tx,
      sql`select count(distinct product_id) as products, count(*) as pairs from product_affinities`,
    );
    return { products: Number(row?.products ?? 0), pairs: Number(row?.pairs ?? 0) };
  });
  return { ...counts, ms: Math.round(performance.now() - started) };
}

/**
 * "Often bought together" for one product: the documents of its related products that are
 * active now, best score first (as `computeAffinities` last left them).
 */
export async function boughtTogether(
  db: Database,
  productId: number,
  limit: number,
): Promise<SearchDocument[]> {
  if (limit <= 0) return [];
  const rows = await queryRows<{ id: number | string }>(
    db,
    sql`select pa.related_id as id from product_affinities pa
          join products p on p.id = pa.related_id and p.status = 'active'
         where pa.product_id = ${productId}
         order by pa.score desc, pa.related_id
         limit ${limit}`,
  );
  const ids = rows.map((r) => Number(r.id));
  if (ids.length === 0) return [];
  const documents = await buildSearchDocuments(db, { ids });
  const byId = new Map(documents.map((d) => [d.id, d]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The switch that leaves related products out of the product page (`pnpm shop:switch`). */
export const RELATED_PRODUCTS_SWITCH = 'related_products';
/** How long a process trusts the switch it read: a flip reaches every process within this. */
export const SWITCH_MAX_AGE_MS = 5_000;

const switchCache = new WeakMap<
  Database,
  Map<string, { value: Promise<boolean>; readAt: number }>
>();

/**
 * A `shop_switches` flag as this process last read it, read again once it is `maxAgeMs` old
 * (callers at the same moment share one read). A switch without a row is on: switches exist to
 * turn things off under pressure, and a shop that never set one runs with everything.
 */
export function isSwitchOn(
  db: Database,
  name: string,
  options: { maxAgeMs?: number; now?: () => number } = {},
): Promise<boolean> {
  const now = (options.now ?? Date.now)();
  const maxAge = options.maxAgeMs ?? SWITCH_MAX_AGE_MS;
  let entries = switchCache.get(db);
  if (!entries) {
    entries = new Map();
    switchCache.set(db, entries);
  }
  const cached = entries.get(name);
  if (cached && now - cached.readAt < maxAge) return cached.value;
  const value = readSwitch(db, name);
  entries.set(name, { value, readAt: now });
  // A failed read is not remembered: the next caller asks the database again.
  value.catch(() => {
    if (entries.get(name)?.value === value) entries.delete(name);
  });
  return value;
}

/** The switch as the database has it now (no cache). */
export async function readSwitch(db: Database, name: string): Promise<boolean> {
  const row = await firstRow<{ enabled: boolean }>(
    db,
    sql`select enabled from shop_switches where name = ${name}`,
  );
  return row?.enabled ?? true;
}

/** Sets a switch; this process sees it at once, the others within `SWITCH_MAX_AGE_MS`. */
export async function setSwitch(db: Database, name: string, enabled: boolean): Promise<void> {
  await db.execute(sql`
    insert into shop_switches (name, enabled, updated_at) values (${name}, ${enabled}, now())
    on conflict (name) do update set enabled = excluded.enabled, updated_at = excluded.updated_at`);
  switchCache.get(db)?.delete(name);
}

/** Why a gated call gave nothing: past its budget, failed, or skipped while the breaker is open. */
export type SkipReason = 'timeout' | 'error' | 'breaker_open';

export interface BudgetGateOptions {
  /** The most a call may take; past it the caller gets null at once (the call runs on). */
  timeoutMs: number;
  /** After a timeout or a failure, calls are skipped (null at once) for this long. */
  breakerMs: number;
  now?: () => number;
  /** Told each time a call gives nothing: the timeouts and failures are worth a log line. */
  onSkip?: (reason: SkipReason, error?: unknown) => void;
}

export interface BudgetGate {
  /** `work`'s answer, or null when it was too slow, failed, or the breaker is open. */
  run<T>(work: () => Promise<T>): Promise<T | null>;
  /** True while calls are being skipped. */
  isOpen(): boolean;
}

/**
 * A time budget with a short-lived breaker, for what a page can do without (related products):
 * a call slower than `timeoutMs` is given up on (its answer, if it comes, is dropped), and after
 * one such call the next ones are not even tried for `breakerMs`, so a slow engine costs the
 * shop one budget per breaker period instead of one per request. The first call after the
 * period is tried again.
 */
export function budgetGate(options: BudgetGateOptions): BudgetGate {
  const now = options.now ?? Date.now;
  let openUntil = 0;
  const trip = (reason: SkipReason, error?: unknown) => {
    openUntil = now() + options.breakerMs;
    options.onSkip?.(reason, error);
  };
  return {
    isOpen: () => now() < openUntil,
    async run<T>(work: () => Promise<T>): Promise<T | null> {
      if (now() < openUntil) {
        options.onSkip?.('breaker_open');
        return null;
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = Symbol('late');
      const timeout = new Promise<typeof late>((resolve) => {
        timer = setTimeout(() => resolve(late), options.timeoutMs);
      });
      const call = work();
      // Given up on or not, a failing call must not become an unhandled rejection.
      call.catch(() => undefined);
      try {
        const result = await Promise.race([call.then((value) => ({ value })), timeout]);
        if (result === late) {
          trip('timeout');
          return null;
        }
        return result.value;
      } catch (error) {
        trip('error', error);
        return null;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
