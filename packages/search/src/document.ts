import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { bigintArray, queryRows } from '@shop/db/query';
import type { Image } from '@shop/validators';

/**
 * What a search engine indexes of one product: everything a result card, a filter, a facet or
 * a sort needs, so that no query of any engine reads the catalog tables. Built only by
 * `buildSearchDocuments`; only active products have one (drafts and archived ones are deleted
 * from the index).
 */
export interface SearchDocument {
  id: number;
  handle: string;
  title: string;
  description: string;
  vendor: string;
  productType: string;
  tags: string[];
  /** Every category the product is in and all their ancestors, by handle (a filter). */
  categoryHandles: string[];
  /** The first category's names, root first ("Apparel > Tops > T-shirts"); searchable. */
  categoryPath: string[];
  collectionHandles: string[];
  /** Option values of non-archived variants, in the merchant's order. */
  options: Array<{ name: string; values: string[] }>;
  /** The same, of the variants that can be sold now. */
  inStockOptions: Array<{ name: string; values: string[] }>;
  /**
   * Per currency: the cheapest and dearest non-archived variant's price and the cheapest one's
   * compare-at price (minor units). A currency without a price is absent.
   */
  prices: Record<string, { min: number; max: number; compareAt: number | null }>;
  inStock: boolean;
  image: Image | null;
  /** ISO 8601 (the product's creation), for "newest". */
  createdAt: string;
  /** Units sold over the product's life: "best selling". */
  popularity: number;
}

/** Separates an option's name from its value in the flat tokens engines filter on. */
export const TOKEN_SEPARATOR = '\u001f';
export const optionToken = (name: string, value: string) => `${name}${TOKEN_SEPARATOR}${value}`;
export const optionTokens = (options: SearchDocument['options']): string[] =>
  options.flatMap((o) => o.values.map((v) => optionToken(o.name, v)));

/**
 * A digest of everything indexed of a document: JSON with keys in a fixed order, md5. Stored
 * with the document by every engine, compared by `search:check` with a fresh build.
 */
export function documentChecksum(doc: SearchDocument): string {
  return createHash('md5').update(canonicalJson(doc)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export type DocumentSelection =
  /** These products (those that are not active, or do not exist, are left out). */
  | { ids: readonly number[] }
  /** The next `limit` active products after `afterId`, in id order (reindex and check walk it). */
  | { afterId: number; limit: number };

/**
 * Builds the search documents of active products from the catalog tables, in product id order:
 * the one function every engine's documents come from. One round trip whatever the count.
 */
export async function buildSearchDocuments(
  db: Database,
  selection: DocumentSelection,
): Promise<SearchDocument[]> {
  const scope: SQL =
    'ids' in selection
      ? sql`p.id = any(${bigintArray(selection.ids)})`
      : sql`p.id > ${selection.afterId}`;
  const limit = 'ids' in selection ? sql`` : sql`limit ${selection.limit}`;
  const rows = await queryRows<{ doc: RawDocument }>(
    db,
    sql`
    with chosen as (
      select p.* from products p
       where p.status = 'active' and ${scope}
       order by p.id ${limit}
    ),
    -- Not materialized: each use below asks for the variants of one product (v.product_id = p.id),
    -- which product_variants_product_id_idx answers; a materialized list would be scanned whole
    -- per product, and a batch would cost the square of its size.
    variants as not materialized (
      select v.id, v.product_id,
             (not v.manage_inventory or coalesce(
               (select sum(il.on_hand - il.reserved) from inventory_levels il where il.variant_id = v.id),
               0) > 0) as in_stock
        from product_variants v
       where not v.archived
    )
    select json_build_object(
      'id', p.id,
      'handle', p.handle,
      'title', p.title,
      'description', p.description,
      'vendor', p.vendor,
      'productType', p.product_type,
      'tags', to_json(p.tags),
      'categoryHandles', coalesce((
        with recursive up as (
          select c.id, c.parent_id, c.handle from product_categories pc
            join categories c on c.id = pc.category_id where pc.product_id = p.id
          union
          select c.id, c.parent_id, c.handle from categories c join up on c.id = up.parent_id
        ) select json_agg(distinct handle) from up), '[]'::json),
      'categoryPath', coalesce((
        with recursive first_category as (
          select pc.category_id as id from product_categories pc
           where pc.product_id = p.id order by pc.category_id limit 1
        ), up as (
          select c.id, c.parent_id, c.name, 0 as depth from categories c
           where c.id = (select id from first_category)
          union all
          select c.id, c.parent_id, c.name, up.depth + 1 from categories c
            join up on c.id = up.parent_id where up.depth < 20
        ) select json_agg(name order by depth desc) from up), '[]'::json),
      'collectionHandles', coalesce((
        select json_agg(c.handle order by c.handle) from collection_products cp
          join collections c on c.id = cp.collection_id where cp.product_id = p.id), '[]'::json),
      'options', ${optionsJson(sql`true`)},
      'inStockOptions', ${optionsJson(sql`v.in_stock`)},
      'prices', coalesce((
        select json_object_agg(currency_code, json_build_object(
                 'min', min_amount, 'max', max_amount, 'compareAt', compare_at))
          from (
            select pp.currency_code, min(pp.amount) as min_amount, max(pp.amount) as max_amount,
                   (array_agg(pp.compare_at_amount order by pp.amount, v.id))[1] as compare_at
              from variants v join product_prices pp on pp.variant_id = v.id
             where v.product_id = p.id
             group by pp.currency_code
          ) per_currency), '{}'::json),
      'inStock', exists (select 1 from variants v where v.product_id = p.id and v.in_stock),
      'image', (select json_build_object('url', i.url, 'alt', i.alt, 'width', i.width, 'height', i.height)
                  from product_images i where i.product_id = p.id order by i.position, i.id limit 1),
      'createdAt', to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
      'popularity', coalesce((select sum(ol.quantity) from order_lines ol where ol.product_id = p.id), 0)
    ) as doc
      from chosen p
     order by p.id`,
  );
  return rows.map((r) => toDocument(r.doc));
}

/** Option names with the values that variants passing `condition` (over `variants v`) have. */
function optionsJson(condition: SQL): SQL {
  return sql`coalesce((
        select json_agg(json_build_object('name', o.name, 'values', o.vals) order by o.position, o.name)
          from (
            select po.name, po.position,
                   array_agg(distinct_values.value order by distinct_values.position, distinct_values.id) as vals
              from product_options po
              join lateral (
                select ov.id, ov.value, ov.position from product_option_values ov
                 where ov.option_id = po.id and exists (
                   select 1 from variant_option_values vov join variants v on v.id = vov.variant_id
                    where vov.option_value_id = ov.id and ${condition})
              ) distinct_values on true
             where po.product_id = p.id
             group by po.id, po.name, po.position
          ) o), '[]'::json)`;
}

type RawDocument = Omit<SearchDocument, 'prices' | 'popularity' | 'id'> & {
  id: number | string;
  popularity: number | string;
  prices: Record<
    string,
    { min: number | string; max: number | string; compareAt: number | string | null }
  >;
};

/** Postgres JSON carries bigint sums and amounts as numbers or strings; documents hold numbers. */
function toDocument(raw: RawDocument): SearchDocument {
  const prices: SearchDocument['prices'] = {};
  for (const [currency, p] of Object.entries(raw.prices)) {
    prices[currency] = {
      min: Number(p.min),
      max: Number(p.max),
      compareAt: p.compareAt === null ? null : Number(p.compareAt),
    };
  }
  return {
    id: Number(raw.id),
    handle: raw.handle,
    title: raw.title,
    description: raw.description,
    vendor: raw.vendor,
    productType: raw.productType,
    tags: raw.tags,
    categoryHandles: [...raw.categoryHandles].sort(),
    categoryPath: raw.categoryPath,
    collectionHandles: raw.collectionHandles,
    options: raw.options,
    inStockOptions: raw.inStockOptions,
    prices,
    inStock: raw.inStock,
    image: raw.image,
    createdAt: raw.createdAt,
    popularity: Number(raw.popularity),
  };
}
