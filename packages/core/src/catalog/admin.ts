import { and, asc, eq, gt, ilike, sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { queryRows } from '@shop/db/query';
import { productPrices, products, productVariants, regions } from '@shop/db/schema';
import type { AdminProduct, AdminProductRow } from '@shop/validators';
import { CommerceError } from '../errors';
import { productGroupIds } from './product-groups';

/**
 * Products for the admin table, keyset-paged by id; `query` matches the title, `status` (any
 * when absent) the product's status.
 */
export async function listProductsForAdmin(
  db: Database,
  params: {
    cursor?: number | null;
    limit: number;
    query?: string;
    status?: AdminProductRow['status'];
  },
): Promise<{ items: AdminProductRow[]; nextCursor: number | null }> {
  const filters = [gt(products.id, params.cursor ?? 0)];
  if (params.status) filters.push(eq(products.status, params.status));
  if (params.query)
    filters.push(ilike(products.title, `%${params.query.replace(/[\\%_]/g, '\\$&')}%`));
  const rows = await db
    .select({
      id: products.id,
      handle: products.handle,
      title: products.title,
      status: products.status,
      updatedAt: products.updatedAt,
      // Qualified by hand: drizzle renders columns unqualified inside a sql`` subquery.
      variantCount: sql<number>`(select count(*)::int from product_variants pv where pv.product_id = products.id)`,
    })
    .from(products)
    .where(and(...filters))
    .orderBy(asc(products.id))
    .limit(params.limit + 1);
  const items = rows.slice(0, params.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > params.limit && last ? last.id : null };
}

/**
 * One product as the editor shows it: its fields, options, every variant (archived ones too,
 * flagged) with option values and prices, its memberships and the currencies regions sell in.
 */
export async function getProductForAdmin(db: Database, id: number): Promise<AdminProduct> {
  const [product] = await db
    .select({
      id: products.id,
      handle: products.handle,
      title: products.title,
      description: products.description,
      status: products.status,
      vendor: products.vendor,
      productType: products.productType,
      tags: products.tags,
      seoTitle: products.seoTitle,
      seoDescription: products.seoDescription,
      updatedAt: products.updatedAt,
    })
    .from(products)
    .where(eq(products.id, id))
    .limit(1);
  if (!product) throw new CommerceError('PRODUCT_NOT_FOUND', `Product ${id} does not exist.`);
  // One query at a time: `db` may be a transaction, whose single connection cannot run queries
  // concurrently.
  const variants = await db
    .select({
      id: productVariants.id,
      sku: productVariants.sku,
      title: productVariants.title,
      barcode: productVariants.barcode,
      weightGrams: productVariants.weightGrams,
      archived: productVariants.archived,
    })
    .from(productVariants)
    .where(eq(productVariants.productId, id))
    .orderBy(asc(productVariants.archived), asc(productVariants.position), asc(productVariants.id));
  const prices = await db
    .select({
      variantId: productPrices.variantId,
      currencyCode: productPrices.currencyCode,
      amount: productPrices.amount,
      compareAtAmount: productPrices.compareAtAmount,
    })
    .from(productPrices)
    .innerJoin(productVariants, eq(productVariants.id, productPrices.variantId))
    .where(eq(productVariants.productId, id))
    .orderBy(asc(productPrices.currencyCode));
  const options = await productOptionsOf(db, id);
  const links = await queryRows<{ variant_id: number; option_id: number; value: string }>(
    db,
    sql`
    select vov.variant_id, ov.option_id, ov.value from variant_option_values vov
      join product_option_values ov on ov.id = vov.option_value_id
      join product_variants v on v.id = vov.variant_id
     where v.product_id = ${id}`,
  );
  const groups = await productGroupIds(db, id);
  const currencies = await shopCurrencies(db);
  return {
    ...product,
    ...groups,
    currencies,
    options: options.map(({ id: optionId, name, values }) => ({ id: optionId, name, values })),
    variants: variants.map((v) => ({
      ...v,
      optionValues: options.map(
        (o) =>
          links.find((l) => Number(l.variant_id) === v.id && Number(l.option_id) === o.id)?.value ??
          '',
      ),
      prices: prices
        .filter((p) => p.variantId === v.id)
        .map(({ currencyCode, amount, compareAtAmount }) => ({
          currencyCode,
          amount,
          compareAtAmount,
        })),
    })),
  };
}

async function productOptionsOf(
  db: Database,
  productId: number,
): Promise<Array<{ id: number; name: string; values: string[] }>> {
  const rows = await queryRows<{ id: number; name: string; value: string | null }>(
    db,
    sql`
    select o.id, o.name, v.value from product_options o
      left join product_option_values v on v.option_id = o.id
     where o.product_id = ${productId}
     order by o.position, o.id, v.position, v.id`,
  );
  const options: Array<{ id: number; name: string; values: string[] }> = [];
  for (const row of rows) {
    let option = options.find((o) => o.id === Number(row.id));
    if (!option) options.push((option = { id: Number(row.id), name: row.name, values: [] }));
    if (row.value !== null) option.values.push(row.value);
  }
  return options;
}

/** The currencies some region sells in: the ones a product can be priced in. */
export async function shopCurrencies(db: Database): Promise<string[]> {
  const rows = await db
    .selectDistinct({ code: regions.currencyCode })
    .from(regions)
    .orderBy(asc(regions.currencyCode));
  return rows.map((r) => r.code);
}
