import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  char,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { createdAt, id, money, ref, updatedAt } from './columns';

export const productStatus = pgEnum('product_status', ['draft', 'active', 'archived']);

export const products = pgTable(
  'products',
  {
    id: id(),
    handle: text().notNull(),
    title: text().notNull(),
    description: text().notNull().default(''),
    status: productStatus().notNull().default('active'),
    /** Who makes it ("Northwind"); empty when unknown. A search field and a facet. */
    vendor: text().notNull().default(''),
    /** What kind of thing it is ("Jacket"); empty when unknown. Searched with the vendor. */
    productType: text().notNull().default(''),
    /** Free labels merchants group and search by; lower case, no duplicates (the core's rule). */
    tags: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Search engines' title and description; empty: the product's own. */
    seoTitle: text().notNull().default(''),
    seoDescription: text().notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('products_handle_key').on(t.handle),
    check('products_handle_format', sql`${t.handle} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    index('products_status_id_idx').on(t.status, t.id),
  ],
);

export const productOptions = pgTable(
  'product_options',
  {
    id: id(),
    productId: ref()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    position: integer().notNull().default(0),
  },
  (t) => [uniqueIndex('product_options_product_name_key').on(t.productId, t.name)],
);

export const productOptionValues = pgTable(
  'product_option_values',
  {
    id: id(),
    optionId: ref()
      .notNull()
      .references(() => productOptions.id, { onDelete: 'cascade' }),
    value: text().notNull(),
    position: integer().notNull().default(0),
  },
  (t) => [uniqueIndex('product_option_values_option_value_key').on(t.optionId, t.value)],
);

export const productVariants = pgTable(
  'product_variants',
  {
    id: id(),
    productId: ref()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    sku: text().notNull(),
    title: text().notNull(),
    position: integer().notNull().default(0),
    /** When false the variant can be sold beyond stock (pre-orders); stock is still tracked. */
    manageInventory: boolean().notNull().default(true),
    archived: boolean().notNull().default(false),
    barcode: text().notNull().default(''),
    /** Shipping weight in grams; null when unknown. */
    weightGrams: integer(),
    /** Available units at or below which the variant is "low stock" in the admin; null: never. */
    lowStockThreshold: integer(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('product_variants_sku_key').on(t.sku),
    index('product_variants_product_id_idx').on(t.productId),
  ],
);

export const variantOptionValues = pgTable(
  'variant_option_values',
  {
    variantId: ref()
      .notNull()
      .references(() => productVariants.id, { onDelete: 'cascade' }),
    optionValueId: ref()
      .notNull()
      .references(() => productOptionValues.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.variantId, t.optionValueId] }),
    index('variant_option_values_option_value_id_idx').on(t.optionValueId),
  ],
);

/** One price per variant and currency, in minor units; never converted on the fly. */
export const productPrices = pgTable(
  'product_prices',
  {
    variantId: ref()
      .notNull()
      .references(() => productVariants.id, { onDelete: 'cascade' }),
    currencyCode: char({ length: 3 }).notNull(),
    amount: money().notNull(),
    compareAtAmount: money(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.variantId, t.currencyCode] }),
    check('product_prices_amount_nonnegative', sql`${t.amount} >= 0`),
    check(
      'product_prices_compare_at_above_amount',
      sql`${t.compareAtAmount} is null or ${t.compareAtAmount} > ${t.amount}`,
    ),
  ],
);

export const productImages = pgTable(
  'product_images',
  {
    id: id(),
    productId: ref()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    url: text().notNull(),
    alt: text().notNull().default(''),
    width: integer().notNull(),
    height: integer().notNull(),
    position: integer().notNull().default(0),
    /** Where an uploaded image's original lives behind the storage interface; null: `url` is external or generated. */
    storageKey: text(),
    createdAt: createdAt(),
  },
  (t) => [index('product_images_product_id_idx').on(t.productId, t.position)],
);

export const categories = pgTable(
  'categories',
  {
    id: id(),
    parentId: ref().references((): AnyPgColumn => categories.id, { onDelete: 'restrict' }),
    handle: text().notNull(),
    name: text().notNull(),
    position: integer().notNull().default(0),
  },
  (t) => [
    uniqueIndex('categories_handle_key').on(t.handle),
    index('categories_parent_id_idx').on(t.parentId),
    check('categories_not_own_parent', sql`${t.parentId} is distinct from ${t.id}`),
  ],
);

export const productCategories = pgTable(
  'product_categories',
  {
    productId: ref()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    categoryId: ref()
      .notNull()
      .references(() => categories.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.categoryId] }),
    index('product_categories_category_id_idx').on(t.categoryId, t.productId),
  ],
);

export const collections = pgTable(
  'collections',
  {
    id: id(),
    handle: text().notNull(),
    title: text().notNull(),
    description: text().notNull().default(''),
    /** The merchant's manual order of collections (navigation, admin list); ties by id. */
    position: integer().notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('collections_handle_key').on(t.handle)],
);

export const collectionProducts = pgTable(
  'collection_products',
  {
    collectionId: ref()
      .notNull()
      .references(() => collections.id, { onDelete: 'cascade' }),
    productId: ref()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    position: integer().notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.collectionId, t.productId] }),
    index('collection_products_product_id_idx').on(t.productId),
    index('collection_products_order_idx').on(t.collectionId, t.position),
  ],
);
