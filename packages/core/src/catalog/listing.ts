import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { queryRows } from '@shop/db/query';
import {
  selectCategories,
  selectCategoryPath,
  selectChildCategories,
  selectCollectionByHandle,
  selectCollections,
  selectSitemapHandles,
} from '@shop/db/queries/catalog';
import type {
  CategoryDetail,
  CategoryLink,
  CategoryNode,
  Collection,
  Facets,
  Listing,
  ListingSort,
  ProductCard,
} from '@shop/validators';
import { CommerceError } from '../errors';
import { getRegion } from '../regions/regions';
import type {
  FacetQuery,
  ProductQuery,
  ProductSearch,
  SearchResults,
  SuggestOptions,
  Suggestion,
  TextSearchQuery,
} from '../ports/search';

type Row = Record<string, unknown>;
const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Categories and collections change rarely and are read under the `catalog` cache tag, like
 * every list; products are tagged `product:<id>` by whoever shows them.
 */
export async function listCategoryTree(db: Database): Promise<CategoryNode[]> {
  const rows = await selectCategories(db);
  const nodes = new Map<number, CategoryNode>();
  for (const r of rows) nodes.set(r.id, { id: r.id, handle: r.handle, name: r.name, children: [] });
  const roots: CategoryNode[] = [];
  for (const r of rows) {
    const node = nodes.get(r.id);
    const parent = r.parentId === null ? undefined : nodes.get(r.parentId);
    if (node) (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** One category with its ancestors (root first, for breadcrumbs) and direct children. */
export async function getCategoryByHandle(
  db: Database,
  params: { handle: string },
): Promise<CategoryDetail> {
  const links: CategoryLink[] = await selectCategoryPath(db, params.handle);
  const self = links.pop();
  if (!self) throw new CommerceError('NOT_FOUND', `No category has the handle "${params.handle}".`);
  return { ...self, ancestors: links, children: await selectChildCategories(db, self.id) };
}

export function listCollections(db: Database): Promise<Collection[]> {
  return selectCollections(db);
}

export async function getCollectionByHandle(
  db: Database,
  params: { handle: string },
): Promise<Collection> {
  const row = await selectCollectionByHandle(db, params.handle);
  if (!row)
    throw new CommerceError('NOT_FOUND', `No collection has the handle "${params.handle}".`);
  return row;
}

// ---- product listings ----

/** The Postgres engine's name for the search port's query (kept for existing callers). */
export type ListProductsFilteredParams = ProductQuery;

/**
 * Sort keys: `expr` orders the rows, `cursor` is what the cursor stores of the last row, `cast`
 * turns a stored value back into something comparable with `expr`. Products without a price in
 * the region's currency sort last both ways: their key is 2^53 ascending (above every amount a
 * `bigint` money column holds as a JS number, and exact in both), -1 descending. `newest` stores `created_at` as Postgres
 * prints it, so the cursor keeps microseconds that a JS Date would drop.
 */
const UNPRICED_LAST_ASC = Number.MAX_SAFE_INTEGER + 1;
interface SortKey {
  expr: SQL;
  cursor: SQL;
  cast: (value: string | number) => SQL;
  dir: SQL;
  cmp: SQL;
}
const sortKeys: Record<ListingSort, SortKey> = {
  newest: {
    expr: sql`l.created_at`,
    cursor: sql`l.created_at::text`,
    cast: (value) => sql`${String(value)}::timestamptz`,
    dir: sql`desc`,
    cmp: sql`<`,
  },
  price_asc: {
    expr: sql`coalesce(l.amount::bigint, ${UNPRICED_LAST_ASC}::bigint)`,
    cursor: sql`coalesce(l.amount::bigint, ${UNPRICED_LAST_ASC}::bigint)`,
    cast: (value) => sql`${value}::bigint`,
    dir: sql`asc`,
    cmp: sql`>`,
  },
  price_desc: {
    expr: sql`coalesce(l.amount::bigint, -1)`,
    cursor: sql`coalesce(l.amount::bigint, -1)`,
    cast: (value) => sql`${value}::bigint`,
    dir: sql`desc`,
    cmp: sql`<`,
  },
};

/**
 * Active products in a category (and all its descendants) or a collection, or the whole
 * catalog, filtered and sorted, one page at a time.
 *
 * Keyset pagination on (sort key, id): `cursor` is the opaque `nextCursor` of the previous page
 * and must be used with the same sort. No OFFSET and no COUNT(*), so page 50 costs what page 1
 * costs. The listed price is the cheapest non-archived variant's price from the price table in
 * the region's currency (never converted). Filters: `options` and `inStock` must hold for one
 * and the same variant; `minPrice`/`maxPrice` bound the listed price.
 *
 * Throws NOT_FOUND for an unknown category or collection, INVALID_INPUT for a bad cursor.
 * Callers that cache the result should tag it `catalog` and `product:<id>` for each item.
 */
export async function listProductsFiltered(
  db: Database,
  params: ListProductsFilteredParams,
): Promise<Listing> {
  const { region, scope, conditions } = await listingFilter(db, params);
  const order = sortKeys[params.sort];
  const after = params.cursor ? decodeCursor(params.cursor, params.sort) : null;

  const keyset = after
    ? sql`where (${order.expr}, l.id) ${order.cmp} (${order.cast(after.key)}, ${after.id}::bigint)`
    : sql``;
  const result = await queryRows(
    db,
    sql`
    with recursive scope_categories as (${scope.categoryCte}),
    listed as (
      select p.id, p.handle, p.title, p.created_at, pr.amount, pr.compare_at_amount
        from products p
        ${listedPrice(region.currencyCode)}
       where ${sql.join(conditions, sql` and `)}
    )
    select l.id, l.handle, l.title, l.amount, l.compare_at_amount, ${order.cursor} as sort_key,
           ${cardColumns}
      from listed l
      ${cardImage}
      ${keyset}
     order by ${order.expr} ${order.dir}, l.id ${order.dir}
     limit ${params.limit + 1}`,
  );

  const rows = result;
  const page = rows.slice(0, params.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => toProductCard(r, region.currencyCode)),
    nextCursor:
      rows.length > params.limit && last
        ? encodeCursor(params.sort, last.sort_key as string | number, num(last.id))
        : null,
  };
}

/** A variant (`v`) can be sold now: untracked, or units on hand beyond live reservations. */
const variantInStock = sql`(not v.manage_inventory or coalesce(
  (select sum(il.on_hand - il.reserved) from inventory_levels il where il.variant_id = v.id), 0) > 0)`;

/** What listings and text search filter on, beyond the query itself. */
type ListingFilters = Pick<
  ProductQuery,
  'region' | 'categoryHandle' | 'collectionHandle' | 'inStock' | 'minPrice' | 'maxPrice' | 'options'
>;

/**
 * The region and the conditions over products `p` (and their listed price `pr`) that a listing
 * or a text search applies: active only, in scope, and the variant and price filters.
 */
async function listingFilter(db: Database, params: ListingFilters) {
  const region = await getRegion(db, params.region, { fallback: true });
  const scope = await resolveScope(db, params);
  const conditions: SQL[] = [sql`p.status = 'active'`, scope.condition];
  const variantConditions = Object.entries(params.options ?? {}).map(
    ([name, values]) => sql`exists (
      select 1 from variant_option_values vov
        join product_option_values ov on ov.id = vov.option_value_id
        join product_options o on o.id = ov.option_id
       where vov.variant_id = v.id and o.name = ${name}
         and ov.value in (${sql.join(
           values.map((value) => sql`${value}`),
           sql`, `,
         )}))`,
  );
  if (params.inStock) variantConditions.push(sql`(${variantInStock})`);
  if (variantConditions.length > 0) {
    conditions.push(sql`exists (
      select 1 from product_variants v
       where v.product_id = p.id and not v.archived and ${sql.join(variantConditions, sql` and `)})`);
  }
  if (params.minPrice !== undefined) conditions.push(sql`pr.amount >= ${params.minPrice}`);
  if (params.maxPrice !== undefined) conditions.push(sql`pr.amount <= ${params.maxPrice}`);
  return { region, scope, conditions };
}

/** The cheapest non-archived variant's price in `currency`, lateral over products `p`. */
const listedPrice = (currency: string) => sql`
        left join lateral (
          select pp.amount, pp.compare_at_amount
            from product_variants v
            join product_prices pp on pp.variant_id = v.id and pp.currency_code = ${currency}
           where v.product_id = p.id and not v.archived
           order by pp.amount, v.id limit 1
        ) pr on true`;

/** The first image and the stock flag of listed rows `l`: the columns, and the image's join. */
const cardColumns = sql`img.url as img_url, img.alt as img_alt, img.width as img_width, img.height as img_height,
           exists (select 1 from product_variants v
                    where v.product_id = l.id and not v.archived and ${variantInStock}) as in_stock`;
const cardImage = sql`left join lateral (
        select url, alt, width, height from product_images
         where product_id = l.id order by position, id limit 1
      ) img on true`;

/**
 * Option names and values that active products in scope have on a non-archived variant.
 * Values keep the order merchants give them (XS, S, M, L, XL) when every product agrees on it,
 * and are sorted alphabetically otherwise (colours, whose order differs per product).
 */
export async function listFacetOptions(
  db: Database,
  params: { categoryHandle?: string; collectionHandle?: string },
): Promise<Facets> {
  const scope = await resolveScope(db, params);
  const result = await queryRows(
    db,
    sql`
    with recursive scope_categories as (${scope.categoryCte}),
    per_product as (
      select o.name, min(o.position) as position,
             array_agg(ov.value order by ov.position, ov.id) as vals
        from products p
        join product_options o on o.product_id = p.id
        join product_option_values ov on ov.option_id = o.id
       where p.status = 'active' and ${scope.condition}
         and exists (select 1 from variant_option_values vov
                       join product_variants v on v.id = vov.variant_id
                      where vov.option_value_id = ov.id and not v.archived)
       group by p.id, o.id, o.name
    )
    select name, min(position) as position, vals from per_product
     group by name, vals
     order by name`,
  );

  const byName = new Map<string, { position: number; sequences: string[][] }>();
  for (const r of result) {
    const name = String(r.name);
    const entry = byName.get(name) ?? { position: Infinity, sequences: [] };
    entry.position = Math.min(entry.position, num(r.position));
    entry.sequences.push((r.vals as unknown[]).map(String));
    byName.set(name, entry);
  }
  return {
    options: [...byName.entries()]
      .sort(([a, x], [b, y]) => x.position - y.position || a.localeCompare(b))
      .map(([name, { sequences }]) => ({ name, values: mergeValueOrders(sequences) })),
  };
}

/** Handles for the sitemap: every category and collection and up to `limit` active products. */
export function listSitemapEntries(db: Database, params: { limit: number }) {
  return selectSitemapHandles(db, params.limit);
}

// ---- helpers ----

/**
 * The scope of a listing as SQL over products `p`, with the `scope_categories` CTE body (the
 * category and its descendants; `union` rather than `union all` so a cycle ends). Unknown
 * handles throw NOT_FOUND before any product is read.
 */
async function resolveScope(
  db: Database,
  params: { categoryHandle?: string; collectionHandle?: string },
): Promise<{ condition: SQL; categoryCte: SQL }> {
  const noCategories = sql`select null::bigint as id where false`;
  if (params.categoryHandle) {
    const { id } = await getCategoryId(db, params.categoryHandle);
    return {
      categoryCte: sql`select ${id}::bigint as id
        union select c.id from categories c join scope_categories s on c.parent_id = s.id`,
      condition: sql`exists (select 1 from product_categories pc
        where pc.product_id = p.id and pc.category_id in (select id from scope_categories))`,
    };
  }
  if (params.collectionHandle) {
    const { id } = await getCollectionByHandle(db, { handle: params.collectionHandle });
    return {
      categoryCte: noCategories,
      condition: sql`exists (select 1 from collection_products cp
        where cp.product_id = p.id and cp.collection_id = ${id})`,
    };
  }
  return { categoryCte: noCategories, condition: sql`true` };
}

async function getCategoryId(db: Database, handle: string): Promise<{ id: number }> {
  const result = await queryRows(db, sql`select id from categories where handle = ${handle}`);
  const row = result[0];
  if (!row) throw new CommerceError('NOT_FOUND', `No category has the handle "${handle}".`);
  return { id: num(row.id) };
}

function encodeCursor(sort: ListingSort, key: string | number, id: number): string {
  return encodeState([sort, key, id]);
}

function decodeCursor(cursor: string, sort: ListingSort): { key: string | number; id: number } {
  const [cursorSort, key, id] = decodeState(cursor);
  const keyOk = sort === 'newest' ? typeof key === 'string' : Number.isSafeInteger(key);
  if (cursorSort === sort && keyOk && Number.isSafeInteger(id)) {
    return { key: key as string | number, id: id as number };
  }
  throw staleCursor('list');
}

/** A cursor is three JSON values, base64url: opaque to callers, checked when it comes back. */
function encodeState(state: [unknown, unknown, unknown]): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

/** The three values of a cursor, or three `undefined`s for anything else (never throws). */
function decodeState(cursor: string): unknown[] {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 3) return decoded as unknown[];
  } catch {
    // not JSON: as stale as a cursor of another shape
  }
  return [undefined, undefined, undefined];
}

const staleCursor = (what: string) =>
  new CommerceError(
    'INVALID_INPUT',
    `This page link is out of date. Go back to the first page of the ${what}.`,
  );

/**
 * One order for an option's values out of each product's own order: a topological sort of
 * "comes before" pairs (alphabetical among ties), or alphabetical when products disagree.
 */
function mergeValueOrders(sequences: string[][]): string[] {
  const before = new Map<string, Set<string>>();
  const indegree = new Map<string, number>();
  for (const seq of sequences) {
    for (const value of seq) if (!indegree.has(value)) indegree.set(value, 0);
    for (let i = 1; i < seq.length; i++) {
      const [a, b] = [seq[i - 1], seq[i]];
      if (a === undefined || b === undefined) continue;
      const next = before.get(a) ?? new Set<string>();
      if (!next.has(b)) {
        next.add(b);
        indegree.set(b, (indegree.get(b) ?? 0) + 1);
      }
      before.set(a, next);
    }
  }
  const ready = [...indegree].filter(([, d]) => d === 0).map(([v]) => v);
  const ordered: string[] = [];
  // Ties go alphabetically, so the order does not depend on the order rows arrive in.
  for (ready.sort(compareText); ready.length > 0; ready.sort(compareText)) {
    const value = ready.shift();
    if (value === undefined) break;
    ordered.push(value);
    for (const b of before.get(value) ?? []) {
      const d = (indegree.get(b) ?? 0) - 1;
      indegree.set(b, d);
      if (d === 0) ready.push(b);
    }
  }
  return ordered.length === indegree.size ? ordered : [...indegree.keys()].sort(compareText);
}

const compareText = (a: string, b: string) => a.localeCompare(b, 'en');

function toProductCard(r: Row, currencyCode: string): ProductCard {
  const amount = numOrNull(r.amount);
  const compareAt = numOrNull(r.compare_at_amount);
  return {
    id: num(r.id),
    handle: String(r.handle),
    title: String(r.title),
    thumbnail:
      r.img_url == null
        ? null
        : {
            url: String(r.img_url),
            alt: String(r.img_alt),
            width: num(r.img_width),
            height: num(r.img_height),
          },
    price: amount === null ? null : { amount, currencyCode },
    compareAtPrice: compareAt === null ? null : { amount: compareAt, currencyCode },
    inStock: r.in_stock === true,
  };
}

// ---- text search ----

/** Longer input is cut: no product title or description needs more to be found. */
const MAX_QUERY_LENGTH = 200;
/** The least word similarity (pg_trgm) at which a title counts as a near spelling of the text. */
const TYPO_SIMILARITY = 0.25;

/** Words of the shopper's text: letters and digits, lower case, punctuation dropped. */
function searchWords(text: string): string[] {
  return (
    text
      .slice(0, MAX_QUERY_LENGTH)
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** Lower case, with the punctuation inside words removed: `T-Shirt` becomes `tshirt`. */
const squashed = (column: SQL) =>
  sql`regexp_replace(lower(${column}), '[^[:alnum:][:space:]]+', '', 'g')`;

/**
 * Active products matching `text`, one page at a time. Words are matched by full-text search
 * over the weighted `search_vector` (title A, description C), ranked: exact title first, then
 * `ts_rank`, then trigram similarity of the title, then id. When no product matches the words,
 * titles that are near spellings of them (pg_trgm word similarity, punctuation ignored, so
 * `tshrit` finds "T-Shirt") answer instead, most similar first, and `approximate` is true.
 *
 * Pagination is by offset over that fixed order (the cursor also keeps which of the two
 * matches answered), so pages neither repeat nor skip while the catalog stands still. Filters
 * and prices are the listings': active only, the region's own currency.
 */
export async function searchProducts(db: Database, query: TextSearchQuery): Promise<SearchResults> {
  const words = searchWords(query.text);
  const after = query.cursor ? decodeSearchCursor(query.cursor) : null;
  const { region, scope, conditions } = await listingFilter(db, query);
  if (words.length === 0) return { items: [], total: 0, nextCursor: null, approximate: false };
  const text = words.join(' ');

  const run = (approximate: boolean, offset: number) => {
    const match = approximate
      ? sql`word_similarity(${text}, ${squashed(sql`p.title`)}) >= ${TYPO_SIMILARITY}`
      : sql`p.search_vector @@ q.tsq`;
    const rank = approximate
      ? sql`word_similarity(${text}, ${squashed(sql`p.title`)}) desc, similarity(p.title, ${text}) desc`
      : sql`(lower(p.title) = lower(${query.text.trim()})) desc, ts_rank(p.search_vector, q.tsq) desc,
            similarity(p.title, ${text}) desc`;
    return queryRows(
      db,
      sql`
      with recursive scope_categories as (${scope.categoryCte}),
      q as (select plainto_tsquery('english', ${text}) as tsq),
      matched as (
        select p.id, p.handle, p.title, pr.amount, pr.compare_at_amount,
               row_number() over (order by ${rank}, p.id) as position
          from products p cross join q
          ${listedPrice(region.currencyCode)}
         where ${sql.join([...conditions, match], sql` and `)}
      ),
      l as (select * from matched order by position offset ${offset} limit ${query.limit + 1})
      select t.total, l.id, l.handle, l.title, l.amount, l.compare_at_amount, ${cardColumns}
        from (select count(*)::int as total from matched) t
        left join l on true
        ${cardImage}
       order by l.position`,
    );
  };

  let approximate = after?.approximate ?? false;
  const offset = after?.offset ?? 0;
  let rows = await run(approximate, offset);
  if (!after && num(rows[0]?.total ?? 0) === 0) {
    approximate = true;
    rows = await run(approximate, offset);
  }
  const found = rows.filter((r) => r.id !== null);
  const page = found.slice(0, query.limit);
  return {
    items: page.map((r) => toProductCard(r, region.currencyCode)),
    total: num(rows[0]?.total ?? 0),
    nextCursor:
      found.length > query.limit
        ? encodeSearchCursor({ approximate, offset: offset + query.limit })
        : null,
    approximate,
  };
}

/**
 * Titles for a search-as-you-type box: active products with a title word starting with each
 * word of `prefix` (the last may be unfinished: `jac` offers "Denim Jacket"), titles that begin
 * with the prefix first, then shorter titles, then alphabetically. Not region-bound: every
 * region sells the whole catalog; the product page prices it.
 */
export async function suggestProducts(
  db: Database,
  prefix: string,
  options: SuggestOptions,
): Promise<Suggestion[]> {
  const words = searchWords(prefix);
  if (words.length === 0 || options.limit <= 0) return [];
  // Each word becomes a prefix term restricted to the title's weight; the words carry only
  // letters and digits, so nothing of the input is read as tsquery syntax.
  const terms = words.map((w) => `${w}:*A`).join(' & ');
  const rows = await queryRows(
    db,
    sql`
    select p.id, p.handle, p.title
      from products p
     where p.status = 'active'
       and p.search_vector @@ to_tsquery('english', ${terms})
     order by (lower(p.title) like ${`${words.join(' ')}%`}) desc, length(p.title), p.title, p.id
     limit ${options.limit}`,
  );
  return rows.map((r) => ({ id: num(r.id), handle: String(r.handle), title: String(r.title) }));
}

function encodeSearchCursor(state: { approximate: boolean; offset: number }): string {
  return encodeState(['search', state.approximate, state.offset]);
}

function decodeSearchCursor(cursor: string): { approximate: boolean; offset: number } {
  const [kind, approximate, offset] = decodeState(cursor);
  if (kind === 'search' && typeof approximate === 'boolean' && Number.isSafeInteger(offset)) {
    if ((offset as number) >= 0) return { approximate, offset: offset as number };
  }
  throw staleCursor('results');
}

/**
 * The Postgres engine behind the search port: the listing, facet and text search SQL above, over the catalog
 * tables of `db` (the Shop's read handle). The default engine; it needs no other service.
 */
export function postgresProductSearch(db: Database): ProductSearch {
  return {
    engine: 'postgres',
    listProducts: (query: ProductQuery) => listProductsFiltered(db, query),
    facets: (query: FacetQuery) => listFacetOptions(db, query),
    search: (query: TextSearchQuery) => searchProducts(db, query),
    suggest: (prefix: string, options: SuggestOptions) => suggestProducts(db, prefix, options),
  };
}
