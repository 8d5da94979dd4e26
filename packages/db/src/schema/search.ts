import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { createdAt, id, money, ref } from './columns';
import { products } from './catalog';

/** Postgres `tsvector`, written only by Postgres itself (a generated column). */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * The Postgres search engine's index: one row per indexed product, a copy of what
 * `buildSearchDocuments` (@shop/search) builds from the catalog. It is an index, not the truth:
 * written only by the engine's upsert and delete, kept in step by the dispatcher's search handler,
 * checked against the catalog by `search:check`. No foreign key to `products`, so a row may
 * outlive its product until the sync (or the repair) removes it, as in any external engine.
 *
 * `document` is the whole document as built; the other columns are the fields the engine filters,
 * sorts and ranks on. The weighted `search_vector`: title A, vendor, type and tags B, description
 * C. `squashed_title` (lower case, punctuation inside words dropped: "T-Shirt" -> "tshirt") has a
 * trigram index for typos.
 */
export const searchDocuments = pgTable(
  'search_documents',
  {
    productId: bigint({ mode: 'number' }).primaryKey(),
    handle: text().notNull(),
    title: text().notNull(),
    description: text().notNull(),
    vendor: text().notNull(),
    productType: text().notNull(),
    tags: text().array().notNull(),
    /** Vendor, type and tags as one text: what weighs B. */
    keywords: text().notNull(),
    /** Every category the product is in, with all their ancestors (so a parent's page finds it). */
    categoryHandles: text().array().notNull(),
    collectionHandles: text().array().notNull(),
    /** `<option>\u001f<value>` of every non-archived variant. */
    optionTokens: text().array().notNull(),
    /** The same, of the variants that can be sold now. */
    inStockOptionTokens: text().array().notNull(),
    inStock: boolean().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    popularity: integer().notNull(),
    document: jsonb().notNull(),
    /** md5 of the document's canonical JSON: `search:check` compares it with a fresh build. */
    checksum: text().notNull(),
    indexedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    searchVector: tsvector()
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', keywords), 'B') || setweight(to_tsvector('english', description), 'C')`,
      ),
    squashedTitle: text()
      .notNull()
      .generatedAlwaysAs(sql`regexp_replace(lower(title), '[^[:alnum:][:space:]]+', '', 'g')`),
  },
  (t) => [
    index('search_documents_vector_idx').using('gin', t.searchVector),
    index('search_documents_title_trgm_idx').using('gin', sql`${t.squashedTitle} gin_trgm_ops`),
    index('search_documents_categories_idx').using('gin', t.categoryHandles),
    index('search_documents_collections_idx').using('gin', t.collectionHandles),
    index('search_documents_options_idx').using('gin', t.optionTokens),
    index('search_documents_tags_idx').using('gin', t.tags),
    index('search_documents_created_idx').on(t.createdAt.desc(), t.productId.desc()),
    index('search_documents_popularity_idx').on(t.popularity.desc(), t.productId),
    index('search_documents_vendor_idx').on(t.vendor),
  ],
);

/** Per product and currency: the cheapest and dearest non-archived variant's price. */
export const searchDocumentPrices = pgTable(
  'search_document_prices',
  {
    productId: bigint({ mode: 'number' })
      .notNull()
      .references(() => searchDocuments.productId, { onDelete: 'cascade' }),
    currencyCode: char({ length: 3 }).notNull(),
    minAmount: money().notNull(),
    maxAmount: money().notNull(),
    /** The cheapest variant's compare-at price, when it is on sale. */
    compareAtAmount: money(),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.currencyCode] }),
    index('search_document_prices_sort_idx').on(t.currencyCode, t.minAmount, t.productId),
  ],
);

/**
 * Words shoppers use for the same thing ("sneakers" = "trainers"), edited in the admin's
 * settings. Each row is one group; a query word in a group matches every word of it.
 */
export const searchSynonyms = pgTable('search_synonyms', {
  id: id(),
  terms: text().array().notNull(),
  createdAt: createdAt(),
});

/**
 * What shoppers searched for: the normalised text, how many results it had and when. Written
 * after the answer (never in its way); the admin's report reads the most frequent and the ones
 * without results.
 */
export const searchQueries = pgTable(
  'search_queries',
  {
    id: id(),
    query: text().notNull(),
    results: integer().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('search_queries_created_idx').on(t.createdAt)],
);

/**
 * "Often bought together": for a product, others that appeared in the same orders, with how
 * often. Rebuilt by the worker's scheduled job from order history.
 */
export const productAffinities = pgTable(
  'product_affinities',
  {
    productId: ref()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    relatedId: ref()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    score: real().notNull(),
    computedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.relatedId] })],
);

/** A flag that a merchant or an operator flips at runtime (storefront degradation switches). */
export const shopSwitches = pgTable('shop_switches', {
  name: text().primaryKey(),
  enabled: boolean().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
