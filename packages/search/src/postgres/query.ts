import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { bigintArray, queryRows } from '@shop/db/query';
import type { SearchFacets, SearchSort } from '@shop/validators';
import { optionToken, TOKEN_SEPARATOR, type SearchDocument } from '../document';
import type { EngineQuery, EngineResult, EngineSuggestion } from '../engine';
import { compareText, correctWords, highlightTitle, mergeOrder, searchWords, squash } from './text';

/**
 * The Postgres engine's reads over its index tables (`search_documents`, and
 * `search_document_prices` for the query's currency). One statement answers a page, its total
 * and, when asked, every facet; a query whose words match nothing costs one more (is any
 * document a match at all?) and then the typo statement.
 *
 * Every value from the query (words, handles, vendors, option tokens, prices) is a bound
 * parameter; words are letters and digits only (`searchWords`), so the tsquery built from them
 * holds no operator of the shopper's.
 */

/**
 * The least pg_trgm word similarity at which a squashed title counts as a near spelling of the
 * words ("jakcet" to "denim jacket" is 0.29; unrelated titles share one trigram or none).
 */
const TYPO_SIMILARITY = 0.25;
/** Suggestions start from this many letters of the prefix. */
export const MIN_SUGGEST_LETTERS = 2;
/** How many of the best near-spelling titles "did you mean" picks its words from. */
const CORRECTION_TITLES = 5;

type Mode =
  /** No words: every document passing the filters. */
  | { kind: 'all' }
  /** Full-text search over the weighted `search_vector`. */
  | { kind: 'words'; words: string[]; text: string }
  /** Nothing matched the words: near spellings of the title (pg_trgm on `squashed_title`). */
  | { kind: 'typo'; words: string[]; text: string };

export async function queryDocuments(db: Database, query: EngineQuery): Promise<EngineResult> {
  const words = searchWords(query.text);
  if (query.text.trim() === '') return run(db, query, { kind: 'all' });
  if (words.length === 0) return emptyResult(query);

  const mode: Mode = { kind: 'words', words, text: query.text.trim() };
  const exact = await run(db, query, mode);
  if (exact.total > 0 || (await anyDocumentMatches(db, words))) return exact;
  // The words are in no document whatever the filters: a misspelling. Word similarity over the
  // trigram index needs its threshold set for the statement's transaction (the `%>` operator
  // reads it), so the typo statement runs in one of its own.
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('pg_trgm.word_similarity_threshold', ${String(TYPO_SIMILARITY)}, true)`,
    );
    return run(tx, query, { kind: 'typo', words, text: words.join(' ') });
  });
}

async function anyDocumentMatches(db: Database, words: string[]): Promise<boolean> {
  const rows = await queryRows<{ found: boolean }>(
    db,
    sql`select exists (select 1 from search_documents d where d.search_vector @@ ${tsQuery(words)}) as found`,
  );
  return rows[0]?.found === true;
}

/**
 * The words as a tsquery: every word must match (AND), each as itself or as any other term of a
 * synonym group it belongs to (OR). Synonym terms are the merchant's text: their punctuation is
 * turned into spaces and each term quoted as a phrase for `websearch_to_tsquery`, which never
 * fails on its input, so no term is read as an operator either.
 */
function tsQuery(words: readonly string[]): SQL {
  const perWord = words.map(
    (w) => sql`(plainto_tsquery('english', ${w}) || coalesce((
      select websearch_to_tsquery('english', string_agg(
               '"' || regexp_replace(t.term, '[^[:alnum:]]+', ' ', 'g') || '"', ' or '))
        from search_synonyms s, unnest(s.terms) as t(term)
       where lower(t.term) <> ${w}
         and exists (select 1 from unnest(s.terms) as u(term) where lower(u.term) = ${w})
    ), ''::tsquery))`,
  );
  return sql`(${sql.join(perWord, sql` && `)})`;
}

/** The synonym terms of the words' groups, for highlighting (a "trainers" title for "sneakers"). */
function synonymTerms(words: readonly string[]): SQL {
  return sql`(select coalesce(json_agg(distinct lower(t.term)), '[]'::json)
      from search_synonyms s, unnest(s.terms) as t(term)
     where exists (select 1 from unnest(s.terms) as u(term)
                    where lower(u.term) = any(${textArray(words)})))`;
}

/** A text[] bound as one JSON parameter: the values are data, whatever characters they hold. */
function textArray(values: readonly string[]): SQL {
  return sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
}

/** The filters as SQL over documents `d` and their price `pr`, split by facet field. */
function filterParts(query: EngineQuery) {
  const f = query.filters;
  const scope: SQL[] = [];
  if (f.categoryHandle) scope.push(sql`d.category_handles @> ${textArray([f.categoryHandle])}`);
  if (f.collectionHandle) {
    scope.push(sql`d.collection_handles @> ${textArray([f.collectionHandle])}`);
  }
  if (f.excludeIds && f.excludeIds.length > 0) {
    scope.push(sql`not (d.product_id = any(${bigintArray(f.excludeIds)}))`);
  }
  const vendor = f.vendors?.length ? sql`d.vendor = any(${textArray(f.vendors)})` : sql`true`;
  const price: SQL[] = [];
  if (f.minPrice !== undefined) price.push(sql`pr.min_amount >= ${f.minPrice}`);
  if (f.maxPrice !== undefined) price.push(sql`pr.min_amount <= ${f.maxPrice}`);
  const stock = f.inStock ? sql`d.in_stock` : sql`true`;
  // With `inStock`, an option value counts only on a variant that can be sold now.
  const tokensColumn = f.inStock ? sql`d.in_stock_option_tokens` : sql`d.option_tokens`;
  const options = Object.entries(f.options ?? {})
    .filter(([, values]) => values.length > 0)
    .map(([name, values]) => {
      const tokens = textArray(values.map((v) => optionToken(name, v)));
      return {
        name,
        condition: sql`${tokensColumn} && ${tokens}`,
        /** The same, as the "in stock" facet counts it (as if `inStock` were chosen). */
        inStockCondition: sql`d.in_stock_option_tokens && ${tokens}`,
      };
    });
  return {
    scope,
    vendor,
    price: price.length > 0 ? sql.join(price, sql` and `) : sql`true`,
    stock,
    tokensColumn,
    options,
  };
}

/** What matches the words, and the columns relevance ranks by, over documents `d`. */
function matching(
  mode: Mode,
  sort: SearchSort,
): { match: SQL; exact: SQL; rank: SQL; similarity: SQL } {
  // ts_rank and similarity cost more than the rest of a row at thousands of matches: only
  // relevance orders by them (and the typo branch's "did you mean" titles).
  if (mode.kind === 'words' && sort !== 'relevance') {
    return {
      match: sql`d.search_vector @@ q.tsq`,
      exact: sql`false`,
      rank: sql`0::real`,
      similarity: sql`0::real`,
    };
  }
  switch (mode.kind) {
    case 'all':
      return { match: sql`true`, exact: sql`false`, rank: sql`0::real`, similarity: sql`0::real` };
    case 'words':
      return {
        match: sql`d.search_vector @@ q.tsq`,
        exact: sql`lower(d.title) = lower(${mode.text})`,
        rank: sql`ts_rank(d.search_vector, q.tsq)`,
        similarity: sql`similarity(d.title, ${mode.text})`,
      };
    case 'typo':
      return {
        // `%>` is the trigram index's operator: word_similarity(text, title) above the threshold.
        match: sql`d.squashed_title %> ${mode.text}`,
        exact: sql`false`,
        rank: sql`word_similarity(${mode.text}, d.squashed_title)`,
        similarity: sql`similarity(d.squashed_title, ${mode.text})`,
      };
  }
}

/**
 * The order of a sort over rows of alias `m` (columns of `base`), ending in the id so that
 * offsets are stable. Products without a price in the currency sort last both ways; ties go by
 * id in the sort's direction.
 */
function orderBy(sort: SearchSort, mode: Mode, m: SQL): SQL {
  switch (mode.kind === 'all' && sort === 'relevance' ? 'newest' : sort) {
    case 'relevance':
      return sql`${m}.exact desc, ${m}.rank desc, ${m}.sim desc, ${m}.product_id`;
    case 'newest':
      return sql`${m}.created_at desc, ${m}.product_id desc`;
    case 'price_asc':
      return sql`${m}.min_amount is null, ${m}.min_amount, ${m}.product_id`;
    case 'price_desc':
      return sql`${m}.min_amount is null, ${m}.min_amount desc, ${m}.product_id desc`;
    case 'best_selling':
      return sql`${m}.popularity desc, ${m}.product_id`;
  }
}

interface QueryRow {
  total: number | string;
  hits: SearchDocument[] | null;
  titles: string[] | null;
  synonyms: string[] | null;
  facets: RawFacets | null;
}

interface RawFacets {
  categories: Array<{ handle: string; name: string; count: number; scope: boolean }> | null;
  vendors: Array<{ vendor: string; count: number }> | null;
  tokens: Array<{ token: string; next: string | null; count: number }> | null;
  price: {
    lo: number | string | null;
    hi: number | string | null;
    start: number | string | null;
    step: number | string | null;
    buckets: Array<{ idx: number; count: number }> | null;
  };
  inStock: number | string;
}

/**
 * One statement: `base` is every document in scope that matches the words, with one flag per
 * facet field's filter; the page and the total take the rows where every flag holds, and each
 * facet the rows where every flag but its own field's does (disjunctive counts: a shopper sees
 * what each alternative would give).
 */
async function run(db: Database, query: EngineQuery, mode: Mode): Promise<EngineResult> {
  const parts = filterParts(query);
  const m = matching(mode, query.sort);
  const q =
    mode.kind === 'words' ? sql`cross join (select ${tsQuery(mode.words)} as tsq) q` : sql``;
  const optionFlags = parts.options.map((o, i) => sql`${o.condition} as ${sql.raw(`o${i}`)}`);
  const stockOptionFlags = parts.options.map(
    (o, i) => sql`${o.inStockCondition} as ${sql.raw(`so${i}`)}`,
  );
  const optionNames = parts.options.map((_, i) => `o${i}`);
  const everyFlag = sql.raw(['v', 'p', 's', ...optionNames].map((f) => `b.${f}`).join(' and '));

  const base = sql`
    select d.product_id, d.title, d.vendor, d.category_handles, d.created_at, d.popularity,
           d.in_stock, ${parts.tokensColumn} as tokens, pr.min_amount,
           ${m.exact} as exact, ${m.rank} as rank, ${m.similarity} as sim,
           ${parts.vendor} as v, ${parts.price} as p, ${parts.stock} as s
           ${sql.join(
             [...optionFlags, ...stockOptionFlags].map((f) => sql`, ${f}`),
             sql``,
           )}
      from search_documents d
      ${q}
      left join search_document_prices pr
        on pr.product_id = d.product_id and pr.currency_code = ${query.currency}
     where ${sql.join([m.match, ...parts.scope], sql` and `)}`;

  const page = sql`select * from base b where ${everyFlag}
     order by ${orderBy(query.sort, mode, sql`b`)} offset ${query.offset} limit ${query.limit}`;
  const titles =
    mode.kind === 'typo'
      ? sql`(select json_agg(t.title order by t.rank desc, t.sim desc, t.product_id) from (
           select * from base b where ${everyFlag}
            order by b.rank desc, b.sim desc, b.product_id limit ${CORRECTION_TITLES}) t)`
      : sql`null::json`;
  const synonyms = mode.kind === 'words' ? synonymTerms(mode.words) : sql`null::json`;

  const [row] = await queryRows<QueryRow>(
    db,
    sql`
    with base as materialized (${base}),
    page as (${page})
    select (select count(*) from base b where ${everyFlag}) as total,
           (select json_agg(d.document order by ${orderBy(query.sort, mode, sql`pg`)})
              from page pg join search_documents d on d.product_id = pg.product_id) as hits,
           ${titles} as titles,
           ${synonyms} as synonyms,
           ${query.facets ? facetsSql(query, parts.options.length) : sql`null::json`} as facets`,
  );
  if (!row) throw new Error('postgres search: the query returned no row');

  const hits = row.hits ?? [];
  const total = Number(row.total);
  const didYouMean = mode.kind === 'typo' ? correctWords(mode.words, row.titles ?? []) : null;
  const highlightWords =
    mode.kind === 'all'
      ? []
      : [
          ...mode.words,
          ...(didYouMean ? searchWords(didYouMean) : []),
          ...(row.synonyms ?? []).flatMap(searchWords),
        ];
  return {
    hits: hits.map((document) => ({
      document,
      highlight:
        query.highlight && mode.kind !== 'all'
          ? highlightTitle(document.title, highlightWords)
          : null,
    })),
    total,
    approximate: mode.kind === 'typo' && total > 0,
    didYouMean: total > 0 ? didYouMean : null,
    facets: row.facets ? toFacets(row.facets, query) : null,
  };
}

/**
 * Every facet over `base` as one JSON value:
 * - categories: the category filter's own category and its direct children (the roots without
 *   one), with the count each would give; a category page's shopper goes one level down at a
 *   time. The category filter stays applied: a child's documents all carry the parent's handle,
 *   so the counts are the same as without it.
 * - vendors, option values, price: every filter but the field's own. Option tokens come in pairs
 *   with the token after them (`unnest(tokens, tokens[2:])`), which carries the merchant's value
 *   order without another scan.
 * - price: the cheapest and dearest listed price, and buckets of a round width (1, 2, 2.5 or 5
 *   times a power of ten, at least 100 minor units) starting at a multiple of it.
 * - in stock: how many results there would be with `inStock` chosen (option filters then hold
 *   for variants in stock).
 */
function facetsSql(query: EngineQuery, optionCount: number): SQL {
  const flags = (except: string | null) => {
    const names = ['v', 'p', 's', ...Array.from({ length: optionCount }, (_, i) => `o${i}`)];
    return sql.raw(
      names
        .filter((n) => n !== except)
        .map((n) => `b.${n}`)
        .join(' and '),
    );
  };
  const options = filterParts(query).options;
  const sep = TOKEN_SEPARATOR;
  const filteredNames = options.map((o) => o.name);
  const tokenPasses = [
    // Unfiltered option names: every filter applies.
    sql`select t.token, t.next, count(*) as count
          from base b, unnest(b.tokens, b.tokens[2:]) as t(token, next)
         where ${flags(null)} and t.token is not null
           and not (split_part(t.token, ${sep}, 1) = any(${textArray(filteredNames)}))
         group by t.token, t.next`,
    ...options.map(
      (o, i) => sql`select t.token, t.next, count(*) as count
          from base b, unnest(b.tokens, b.tokens[2:]) as t(token, next)
         where ${flags(`o${i}`)} and t.token is not null
           and split_part(t.token, ${sep}, 1) = ${o.name}
         group by t.token, t.next`,
    ),
  ];
  const scope = query.filters.categoryHandle ?? null;
  const stockFlags = sql.raw(
    ['v', 'p', 'in_stock', ...options.map((_, i) => `so${i}`)].map((f) => `b.${f}`).join(' and '),
  );
  return sql`(
    with shown as (
      select c.handle, c.name, c.position, c.id, (c.handle = ${scope}::text) as is_scope
        from categories c
       where c.handle = ${scope}::text
          or c.parent_id is not distinct from (select id from categories where handle = ${scope}::text)
    ),
    priced as (select b.min_amount as amount from base b where ${flags('p')} and b.min_amount is not null),
    stats as (select min(amount) as lo, max(amount) as hi from priced),
    step as (
      select lo, hi, x.step, floor(lo / x.step) * x.step as start from stats,
      lateral (select greatest((hi - lo) / 5.0, 100) as raw) r,
      lateral (select power(10, floor(log(r.raw))) as magnitude) g,
      lateral (select (case when r.raw / g.magnitude <= 1 then 1 when r.raw / g.magnitude <= 2 then 2
                            when r.raw / g.magnitude <= 2.5 then 2.5 when r.raw / g.magnitude <= 5 then 5
                            else 10 end * g.magnitude)::bigint as step) x
       where lo is not null
    )
    select json_build_object(
      'categories', (
        select json_agg(json_build_object('handle', s.handle, 'name', s.name, 'count', s.count,
                                          'scope', s.is_scope) order by s.is_scope desc, s.position, s.id)
          from (select sh.handle, sh.name, sh.position, sh.id, sh.is_scope, count(*) as count
                  from base b, unnest(b.category_handles) as h(handle)
                  join shown sh on sh.handle = h.handle
                 where ${flags(null)}
                 group by sh.handle, sh.name, sh.position, sh.id, sh.is_scope) s),
      'vendors', (
        select json_agg(json_build_object('vendor', vendor, 'count', count))
          from (select b.vendor, count(*) as count from base b where ${flags('v')} group by b.vendor) v),
      'tokens', (
        select json_agg(json_build_object('token', token, 'next', next, 'count', count))
          from (${sql.join(tokenPasses, sql` union all `)}) t),
      'price', (
        select json_build_object('lo', s.lo, 'hi', s.hi, 'start', s.start, 'step', s.step,
          'buckets', (select json_agg(json_build_object('idx', idx, 'count', count))
                        from (select floor((pr.amount - s.start) / s.step)::int as idx, count(*) as count
                                from priced pr group by 1) bk))
          from (select * from stats left join step using (lo, hi)) s),
      'inStock', (select count(*) from base b where ${stockFlags})
    ))`;
}

function toFacets(raw: RawFacets, query: EngineQuery): SearchFacets {
  const categories = (raw.categories ?? []).map((c) => ({
    value: c.handle,
    label: c.name,
    count: Number(c.count),
  }));
  const vendors = (raw.vendors ?? [])
    .map((v) => ({ value: v.vendor, label: v.vendor, count: Number(v.count) }))
    .filter((v) => v.value !== '')
    .sort((a, b) => b.count - a.count || compareText(a.value, b.value));

  // Per option name: the count of each value, and the "comes before" pairs of values (within
  // a name) and of names (the last value of one name before the first of the next).
  const byName = new Map<string, Map<string, number>>();
  const valuePairs = new Map<string, Array<[string, string]>>();
  const namePairs: Array<[string, string]> = [];
  for (const t of raw.tokens ?? []) {
    const [name, value] = splitToken(t.token);
    const counts = byName.get(name) ?? new Map<string, number>();
    counts.set(value, (counts.get(value) ?? 0) + Number(t.count));
    byName.set(name, counts);
    if (t.next === null) continue;
    const [nextName, nextValue] = splitToken(t.next);
    if (nextName === name) {
      const pairs = valuePairs.get(name) ?? [];
      pairs.push([value, nextValue]);
      valuePairs.set(name, pairs);
    } else namePairs.push([name, nextName]);
  }
  const options = mergeOrder(byName.keys(), namePairs).map((name) => {
    const counts = byName.get(name) ?? new Map<string, number>();
    return {
      name,
      values: mergeOrder(counts.keys(), valuePairs.get(name) ?? []).map((value) => ({
        value,
        label: value,
        count: counts.get(value) ?? 0,
      })),
    };
  });

  const num = (v: number | string | null) => (v === null ? null : Number(v));
  const [lo, hi, start, step] = [
    num(raw.price.lo),
    num(raw.price.hi),
    num(raw.price.start),
    num(raw.price.step),
  ];
  const buckets =
    lo === null || hi === null || start === null || step === null
      ? []
      : (raw.price.buckets ?? [])
          .map((b) => ({ idx: Number(b.idx), count: Number(b.count) }))
          .sort((a, b) => a.idx - b.idx)
          .map((b, i, all) => ({
            min: start + b.idx * step,
            max: i === all.length - 1 ? null : start + (b.idx + 1) * step - 1,
            count: b.count,
          }));
  return {
    categories,
    vendors,
    options,
    price: { currencyCode: query.currency, min: lo, max: hi, buckets },
    inStock: Number(raw.inStock),
  };
}

function splitToken(token: string): [string, string] {
  const at = token.indexOf(TOKEN_SEPARATOR);
  return at < 0 ? [token, ''] : [token.slice(0, at), token.slice(at + TOKEN_SEPARATOR.length)];
}

function emptyResult(query: EngineQuery): EngineResult {
  return {
    hits: [],
    total: 0,
    approximate: false,
    didYouMean: null,
    facets: query.facets
      ? {
          categories: [],
          vendors: [],
          options: [],
          price: { currencyCode: query.currency, min: null, max: null, buckets: [] },
          inStock: 0,
        }
      : null,
  };
}

/**
 * Titles for a search-as-you-type box: documents with a title word starting with each word of
 * `prefix` (a prefix tsquery restricted to the title's weight, over the GIN index of
 * `search_vector`; the last word may be unfinished: `jac` offers "Denim Jacket"), titles that
 * begin with the prefix first, then shorter ones, then alphabetically.
 */
export async function suggestDocuments(
  db: Database,
  prefix: string,
  limit: number,
): Promise<EngineSuggestion[]> {
  const words = searchWords(prefix);
  // One letter starts a tenth of all titles: too many to order in time, and too little to
  // suggest from. The box suggests from the second letter on.
  if (words.join('').length < MIN_SUGGEST_LETTERS || limit <= 0) return [];
  // Each word is letters and digits only, so `:*A` and `&` are the only operators.
  const terms = words.map((w) => `${w}:*A`).join(' & ');
  const rows = await queryRows<{ id: number | string; handle: string; title: string }>(
    db,
    sql`
    select d.product_id as id, d.handle, d.title
      from search_documents d
     where d.search_vector @@ to_tsquery('english', ${terms})
     order by starts_with(d.squashed_title, ${squash(prefix)}) desc, length(d.title), d.title,
              d.product_id
     limit ${limit}`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    handle: r.handle,
    title: r.title,
    highlight: highlightTitle(r.title, words),
  }));
}
