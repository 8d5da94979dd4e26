import { sql } from 'drizzle-orm';
import type { Meilisearch, MultiSearchQuery, MultiSearchResult } from 'meilisearch';
import type { Database } from '@shop/db/client';
import { queryRows } from '@shop/db/query';
import type { FacetCount, SearchFacets, SearchSort } from '@shop/validators';
import { TOKEN_SEPARATOR } from '../document';
import type { EngineHit, EngineQuery, EngineResult } from '../engine';
import { priceField, type MeiliDocument } from './document';
import { buildFilter, filteredFacetFields, optionTokenField, type FacetField } from './filter';
import {
  HIGHLIGHT_POST,
  HIGHLIGHT_PRE,
  didYouMean,
  highlightSegments,
  priceBucketBounds,
} from './results';

/**
 * A query as one `multiSearch`: the page; its count when the page is not a whole page number;
 * with facets, one request per filtered facet field (every filter but that field's: the
 * disjunctive counts of `SearchFacets`) and one for the in-stock count. The price ranges' counts
 * need the price statistics first, so they are a second `multiSearch`.
 *
 * The facets mean what the Postgres engine's do: categories are the scope's own category and
 * its direct children (the roots without a scope) with their names, read from the catalog;
 * vendors, option values and price apply every filter but their own; "in stock" is how many
 * results there would be with in-stock chosen.
 */
export async function runQuery(
  client: Meilisearch,
  uid: string,
  catalog: Database,
  query: EngineQuery,
): Promise<EngineResult> {
  const { filters, currency } = query;
  const price = priceField(currency);
  const base = { indexUid: uid, q: query.text, matchingStrategy: 'all' as const };
  const count = (filter: string[]): MultiSearchQuery => ({
    ...base,
    filter,
    hitsPerPage: 0,
    page: 1,
  });

  // Page mode (page, hitsPerPage) gives an exact `totalHits`, where offset and limit give an
  // estimate; an offset that is not a multiple of the page size gets a count of its own.
  const paged = query.limit === 0 || query.offset % query.limit === 0;
  const filter = buildFilter(filters, currency);
  const main: MultiSearchQuery = {
    ...base,
    filter,
    sort: sortOf(query.sort, currency),
    attributesToRetrieve: ['id', 'title', 'document'],
    ...(paged
      ? { hitsPerPage: query.limit, page: query.limit === 0 ? 1 : query.offset / query.limit + 1 }
      : { offset: query.offset, limit: query.limit }),
    ...(query.highlight
      ? {
          attributesToHighlight: ['title'],
          highlightPreTag: HIGHLIGHT_PRE,
          highlightPostTag: HIGHLIGHT_POST,
        }
      : {}),
    ...(query.text !== '' ? { showRankingScoreDetails: true } : {}),
    ...(query.facets
      ? { facets: ['categoryHandles', 'vendor', optionTokenField(filters), price] }
      : {}),
  };
  const requests: MultiSearchQuery[] = [main];
  if (!paged) requests.push(count(filter));
  const disjunctive = query.facets ? filteredFacetFields(filters) : [];
  const firstFacet = requests.length;
  for (const field of disjunctive) {
    requests.push({
      ...count(buildFilter(filters, currency, field)),
      facets: [facetAttribute(field, query)],
    });
  }
  const stockAt = requests.length;
  if (query.facets) requests.push(count(buildFilter({ ...filters, inStock: true }, currency)));

  const [{ results }, categories] = await Promise.all([
    client.multiSearch<{ queries: MultiSearchQuery[] }, MeiliDocument>({ queries: requests }),
    query.facets ? shownCategories(catalog, filters.categoryHandle ?? null) : [],
  ]);
  const first = results[0];
  if (!first) throw new Error('Meilisearch answered a multi-search without its results');
  const total = (paged ? first.totalHits : results[1]?.totalHits) ?? 0;

  const hits: EngineHit[] = first.hits.map((hit) => ({
    document: hit.document,
    highlight: query.highlight ? highlightSegments(hit._formatted?.title ?? hit.title) : null,
  }));
  const approximate = first.hits.length > 0 && first.hits.every((h) => typoCount(h) > 0);
  const top = first.hits[0];

  let facets: SearchFacets | null = null;
  if (query.facets) {
    const own = new Map<string, MultiSearchResult<MeiliDocument>>();
    disjunctive.forEach((field, i) => {
      const result = results[firstFacet + i];
      if (result) own.set(fieldKey(field), result);
    });
    facets = await collectFacets(client, query, {
      main: first,
      own,
      categories,
      inStock: results[stockAt]?.totalHits ?? 0,
      base,
    });
  }
  return {
    hits,
    total,
    approximate,
    didYouMean: approximate && top ? didYouMean(query.text, top.title) : null,
    facets,
  };
}

/**
 * The typos a hit needed (Meilisearch's ranking details). `approximate` holds when every hit
 * of the page needed one: with a sort chosen, the `sort` rule ranks before `typo`, so an exact
 * match can sit below a typo'd one, and only a page without any exact match is "near spellings
 * of the words". Relevance pages put exact matches first, so there the top hit decides.
 */
function typoCount(hit: { _rankingScoreDetails?: { typo?: { typoCount: number } } }): number {
  return hit._rankingScoreDetails?.typo?.typoCount ?? 0;
}

/** The sort of `sort` in `currency`, with the id as tie-break; relevance is the ranking rules'. */
export function sortOf(sort: SearchSort, currency: string): string[] | undefined {
  switch (sort) {
    case 'relevance':
      return undefined;
    case 'newest':
      return ['createdAtTs:desc', 'id:desc'];
    case 'price_asc':
      // Documents without the field (not priced in the currency) come after all others.
      return [`${priceField(currency)}:asc`, 'id:asc'];
    case 'price_desc':
      return [`${priceField(currency)}:desc`, 'id:asc'];
    case 'best_selling':
      return ['popularity:desc', 'id:asc'];
  }
}

function fieldKey(field: FacetField): string {
  return field.kind === 'option' ? `option:${field.name}` : field.kind;
}

function facetAttribute(field: FacetField, query: EngineQuery): string {
  switch (field.kind) {
    case 'vendor':
      return 'vendor';
    case 'option':
      return optionTokenField(query.filters, field);
    case 'price':
      return priceField(query.currency);
    case 'inStock':
      return 'inStock';
  }
}

interface ShownCategory {
  handle: string;
  name: string;
  isScope: boolean;
}

/** The scope's category and its direct children (the roots without a scope), in shop order. */
async function shownCategories(db: Database, scope: string | null): Promise<ShownCategory[]> {
  return queryRows<ShownCategory>(
    db,
    sql`select c.handle, c.name, (c.handle = ${scope}::text) as "isScope"
          from categories c
         where c.handle = ${scope}::text
            or c.parent_id is not distinct from (select id from categories where handle = ${scope}::text)
         order by (c.handle = ${scope}::text) desc, c.position, c.id`,
  );
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Most frequent first, then by value. */
function byCount(distribution: Record<string, number> | undefined): FacetCount[] {
  return Object.entries(distribution ?? {})
    .filter(([value]) => value !== '')
    .map(([value, count]) => ({ value, label: value, count }))
    .sort((a, b) => b.count - a.count || compareText(a.value, b.value));
}

async function collectFacets(
  client: Meilisearch,
  query: EngineQuery,
  parts: {
    main: MultiSearchResult<MeiliDocument>;
    own: Map<string, MultiSearchResult<MeiliDocument>>;
    categories: ShownCategory[];
    inStock: number;
    base: { indexUid: string; q: string; matchingStrategy: 'all' };
  },
): Promise<SearchFacets> {
  const { filters, currency } = query;
  const { main, own } = parts;
  const price = priceField(currency);

  const categoryCounts = main.facetDistribution?.categoryHandles ?? {};
  const categories = parts.categories
    .filter((c) => (categoryCounts[c.handle] ?? 0) > 0)
    .map((c) => ({ value: c.handle, label: c.name, count: categoryCounts[c.handle] ?? 0 }));

  const vendors = byCount((own.get('vendor') ?? main).facetDistribution?.vendor);

  // Unfiltered options' tokens come from the page's request, a filtered option's from its own.
  const byOption = new Map<string, Record<string, number>>();
  const take = (
    distribution: Record<string, number> | undefined,
    keep: (name: string) => boolean,
  ) => {
    for (const [token, n] of Object.entries(distribution ?? {})) {
      const cut = token.indexOf(TOKEN_SEPARATOR);
      if (cut < 0) continue;
      const name = token.slice(0, cut);
      if (!keep(name)) continue;
      const values = byOption.get(name) ?? {};
      values[token.slice(cut + TOKEN_SEPARATOR.length)] = n;
      byOption.set(name, values);
    }
  };
  take(main.facetDistribution?.[optionTokenField(filters)], (name) => !own.has(`option:${name}`));
  for (const [key, result] of own) {
    if (!key.startsWith('option:')) continue;
    const name = key.slice('option:'.length);
    const attribute = optionTokenField(filters, { kind: 'option', name });
    take(result.facetDistribution?.[attribute], (n) => n === name);
  }
  const order = merchantOrder(main);
  const rank = (key: string) => order.get(key) ?? Number.MAX_SAFE_INTEGER;
  const options = [...byOption.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || compareText(a, b))
    .map(([name, values]) => ({
      name,
      values: Object.entries(values)
        .map(([value, count]) => ({ value, label: value, count }))
        .sort(
          (a, b) =>
            rank(`${name}${TOKEN_SEPARATOR}${a.value}`) -
              rank(`${name}${TOKEN_SEPARATOR}${b.value}`) || compareText(a.value, b.value),
        ),
    }));

  const stats = (own.get('price') ?? main).facetStats?.[price];
  let buckets: SearchFacets['price']['buckets'] = [];
  if (stats) {
    const bounds = priceBucketBounds(stats.min, stats.max);
    const withoutPrice = buildFilter(filters, currency, { kind: 'price' });
    const { results } = await client.multiSearch<{ queries: MultiSearchQuery[] }>({
      queries: bounds.map((b) => ({
        ...parts.base,
        filter: [...withoutPrice, `${price} >= ${b.min}`, `${price} <= ${b.max}`],
        hitsPerPage: 0,
        page: 1,
      })),
    });
    const counted = bounds
      .map((b, i) => ({
        min: b.min,
        max: b.max as number | null,
        count: results[i]?.totalHits ?? 0,
      }))
      .filter((b) => b.count > 0);
    const last = counted[counted.length - 1];
    if (last) last.max = null;
    buckets = counted;
  }

  return {
    categories,
    vendors,
    options,
    price: {
      currencyCode: currency,
      min: stats ? stats.min : null,
      max: stats ? stats.max : null,
      buckets,
    },
    inStock: parts.inStock,
  };
}

/**
 * The merchant's order of option names and values, as far as the page's documents show it
 * (each document lists its options and values in that order): Meilisearch counts facet values
 * without it. Names and values no hit carries sort after, alphabetically.
 */
function merchantOrder(main: MultiSearchResult<MeiliDocument>): Map<string, number> {
  const order = new Map<string, number>();
  for (const hit of main.hits) {
    for (const option of hit.document.options) {
      if (!order.has(option.name)) order.set(option.name, order.size);
      for (const value of option.values) {
        const key = `${option.name}${TOKEN_SEPARATOR}${value}`;
        if (!order.has(key)) order.set(key, order.size);
      }
    }
  }
  return order;
}
