import { optionToken } from '../document';
import type { EngineFilters } from '../engine';
import { priceField } from './document';

/**
 * Meilisearch filter expressions. Every value a shopper chose reaches Meilisearch only through
 * `quote`, as one string literal; attribute names are this file's constants (and `priceField`'s
 * checked currency), never input. Option names are no exception: they live inside the values
 * (`optionToken(name, value)` against `optionTokens`), so `{ 'vendor = "x" OR id': [...] }` is an
 * option nobody has, not a filter on another field.
 */

/**
 * A string literal of Meilisearch's filter syntax: double quotes around the value, with `\` and
 * `"` escaped by a backslash (since Meilisearch 1.4 both are unescaped inside quotes). Nothing in
 * the value can end the literal early, so nothing in it is read as syntax.
 */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A number literal: only safe integers (ids, minor units) are ever compared. */
function integer(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`Not an integer filter value: ${value}`);
  return String(value);
}

/** `attribute = "a" OR attribute = "b"`, parenthesized so that it ANDs with the others. */
function anyOf(attribute: string, values: readonly string[]): string {
  return `(${values.map((v) => `${attribute} = ${quote(v)}`).join(' OR ')})`;
}

/**
 * A facet field whose own filter its counts leave out (see `SearchFacets`): the request that
 * counts vendors applies every filter except the vendor one, and so on. Each option name is a
 * field of its own.
 */
export type FacetField =
  { kind: 'vendor' } | { kind: 'option'; name: string } | { kind: 'price' } | { kind: 'inStock' };

/**
 * Which attribute option filters and counts use: with "in stock only", the tokens of the
 * variants that can be sold now, so that "Size M, in stock" means an M that is in stock.
 */
export function optionTokenField(filters: EngineFilters, except?: FacetField) {
  return filters.inStock === true && except?.kind !== 'inStock'
    ? 'inStockOptionTokens'
    : 'optionTokens';
}

/**
 * The filter of a query as Meilisearch's array form (every element must hold: AND), in
 * `currency` for the price bounds, without the filter of `except` (a disjunctive facet's count).
 */
export function buildFilter(
  filters: EngineFilters,
  currency: string,
  except?: FacetField,
): string[] {
  const clauses: string[] = [];
  if (filters.categoryHandle !== undefined) {
    clauses.push(`categoryHandles = ${quote(filters.categoryHandle)}`);
  }
  if (filters.collectionHandle !== undefined) {
    clauses.push(`collectionHandles = ${quote(filters.collectionHandle)}`);
  }
  if (filters.vendors && filters.vendors.length > 0 && except?.kind !== 'vendor') {
    clauses.push(anyOf('vendor', filters.vendors));
  }
  const tokens = optionTokenField(filters, except);
  for (const [name, values] of Object.entries(filters.options ?? {})) {
    if (values.length === 0) continue;
    if (except?.kind === 'option' && except.name === name) continue;
    clauses.push(
      anyOf(
        tokens,
        values.map((v) => optionToken(name, v)),
      ),
    );
  }
  if (filters.inStock === true && except?.kind !== 'inStock') clauses.push('inStock = true');
  if (except?.kind !== 'price') {
    const price = priceField(currency);
    if (filters.minPrice !== undefined) clauses.push(`${price} >= ${integer(filters.minPrice)}`);
    if (filters.maxPrice !== undefined) clauses.push(`${price} <= ${integer(filters.maxPrice)}`);
  }
  if (filters.excludeIds && filters.excludeIds.length > 0) {
    clauses.push(`NOT id IN [${filters.excludeIds.map(integer).join(', ')}]`);
  }
  return clauses;
}

/**
 * The facet fields a query's filters constrain whose counts leave their own filter out: each
 * gets a request of its own. (Categories count within the scope, as the Postgres engine's do;
 * "in stock" counts with in-stock chosen.)
 */
export function filteredFacetFields(filters: EngineFilters): FacetField[] {
  const fields: FacetField[] = [];
  if (filters.vendors && filters.vendors.length > 0) fields.push({ kind: 'vendor' });
  for (const [name, values] of Object.entries(filters.options ?? {})) {
    if (values.length > 0) fields.push({ kind: 'option', name });
  }
  if (filters.minPrice !== undefined || filters.maxPrice !== undefined) {
    fields.push({ kind: 'price' });
  }
  return fields;
}
