import type { Settings } from 'meilisearch';
import { MAX_RESULT_WINDOW, type IndexSettings } from '../engine';
import { priceField } from './document';

/** Facet values counted per field: option tokens of every option share one field. */
export const MAX_VALUES_PER_FACET = 1000;

/**
 * The Meilisearch settings of an index for the shop's `IndexSettings`.
 *
 * - Searchable, most important first (the `attribute` rule ranks by this order): the title and
 *   its squashed form, then vendor, type, tags and category names, then the description.
 * - Ranking: `sort` comes first, unlike Meilisearch's default. With no sort asked for (relevance)
 *   the rule does nothing; with one (price, newest, best selling) the shopper sees every match in
 *   exactly that order, as from the Postgres engine, instead of "by price among equally relevant
 *   matches". `exactness` after the rest lifts a title that is exactly the words.
 * - `id` is sortable for `scan`'s walk and as every sort's tie-break (pages never repeat).
 */
export function meiliSettings(settings: IndexSettings): Settings {
  const prices = settings.currencies.flatMap((c) => [priceField(c, 'min'), priceField(c, 'max')]);
  return {
    searchableAttributes: [
      'title',
      'titleSquashed',
      'vendor',
      'productType',
      'tags',
      'categoryPath',
      'description',
    ],
    filterableAttributes: [
      'categoryHandles',
      'collectionHandles',
      'vendor',
      'optionTokens',
      'inStockOptionTokens',
      'inStock',
      'id',
      ...prices,
    ],
    sortableAttributes: [
      'id',
      'createdAtTs',
      'popularity',
      ...settings.currencies.map((c) => priceField(c, 'min')),
    ],
    rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness'],
    typoTolerance: { enabled: true },
    synonyms: synonymMap(settings.synonyms),
    faceting: { maxValuesPerFacet: MAX_VALUES_PER_FACET, sortFacetValuesBy: { '*': 'count' } },
    pagination: { maxTotalHits: MAX_RESULT_WINDOW },
  };
}

/**
 * Meilisearch's synonyms are one-way (a word -> what else it finds); a shop's groups mean "all
 * of these are the same", so every term of a group maps to each other term. A term in two
 * groups finds the words of both.
 */
export function synonymMap(groups: ReadonlyArray<readonly string[]>): Record<string, string[]> {
  const map = new Map<string, Set<string>>();
  for (const group of groups) {
    const terms = [...new Set(group.map((t) => t.trim().toLowerCase()).filter((t) => t !== ''))];
    for (const term of terms) {
      const others = map.get(term) ?? new Set<string>();
      for (const other of terms) if (other !== term) others.add(other);
      map.set(term, others);
    }
  }
  const result: Record<string, string[]> = {};
  for (const [term, others] of [...map.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (others.size > 0) result[term] = [...others].sort();
  }
  return result;
}

/**
 * Whether the index's current settings already are `wanted`, comparing only what `wanted`
 * sets: Meilisearch returns every setting (with its defaults), lists of attributes in any order
 * where order means nothing, and synonyms with their lists in its own order.
 */
export function settingsMatch(current: Settings, wanted: Settings): boolean {
  const sameList = (a: unknown, b: unknown) =>
    JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const sameSet = (
    a: readonly unknown[] | null | undefined,
    b: readonly unknown[] | null | undefined,
  ) => sameList([...(a ?? [])].map(String).sort(), [...(b ?? [])].map(String).sort());
  const synonyms = (s: Settings['synonyms']) =>
    Object.entries(s ?? {})
      .map(([k, v]) => [k.toLowerCase(), [...v].map((t) => t.toLowerCase()).sort()] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1));
  return (
    sameList(current.searchableAttributes, wanted.searchableAttributes) &&
    sameSet(current.filterableAttributes, wanted.filterableAttributes) &&
    sameSet(current.sortableAttributes, wanted.sortableAttributes) &&
    sameList(current.rankingRules, wanted.rankingRules) &&
    current.typoTolerance?.enabled === wanted.typoTolerance?.enabled &&
    sameList(synonyms(current.synonyms), synonyms(wanted.synonyms)) &&
    current.faceting?.maxValuesPerFacet === wanted.faceting?.maxValuesPerFacet &&
    sameList(current.faceting?.sortFacetValuesBy, wanted.faceting?.sortFacetValuesBy) &&
    current.pagination?.maxTotalHits === wanted.pagination?.maxTotalHits
  );
}
