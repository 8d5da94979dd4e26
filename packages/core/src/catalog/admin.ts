import { and, asc, eq, gt, ilike, inArray, sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { runTransaction } from '@shop/db/transaction';
import { productPrices, products, productVariants, regions } from '@shop/db/schema';
import type { AdminProduct, AdminProductRow, ProductUpdateInput } from '@shop/validators';
import { CommerceError } from '../errors';
import { emitEvent } from '../events/emit';

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

export async function getProductForAdmin(db: Database, id: number): Promise<AdminProduct> {
  const [product] = await db
    .select({
      id: products.id,
      handle: products.handle,
      title: products.title,
      description: products.description,
      status: products.status,
      updatedAt: products.updatedAt,
    })
    .from(products)
    .where(eq(products.id, id))
    .limit(1);
  if (!product) throw new CommerceError('PRODUCT_NOT_FOUND', `Product ${id} does not exist.`);
  // One query at a time: `db` may be a transaction, whose single connection cannot run queries
  // concurrently.
  const variants = await db
    .select({ id: productVariants.id, sku: productVariants.sku, title: productVariants.title })
    .from(productVariants)
    .where(eq(productVariants.productId, id))
    .orderBy(asc(productVariants.position), asc(productVariants.id));
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
  const currencies = await shopCurrencies(db);
  return {
    ...product,
    currencies,
    variants: variants.map((v) => ({
      ...v,
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

async function shopCurrencies(db: Database): Promise<string[]> {
  const rows = await db
    .selectDistinct({ code: regions.currencyCode })
    .from(regions)
    .orderBy(asc(regions.currencyCode));
  return rows.map((r) => r.code);
}

/**
 * Changes a product's fields and prices. In the same transaction it emits `product.updated`
 * (when a field was given) and `prices.changed` (when prices were), so everything that follows
 * (storefront pages, caches) happens if and only if the change committed, even when the worker
 * is down at the time. Which consumers react is the dispatcher's business, not this function's.
 */
export async function updateProduct(
  db: Database,
  input: ProductUpdateInput,
): Promise<AdminProduct> {
  return runTransaction(db, async (tx) => {
    const [current] = await tx
      .select({ id: products.id, handle: products.handle })
      .from(products)
      .where(eq(products.id, input.id))
      .for('update')
      .limit(1);
    if (!current)
      throw new CommerceError('PRODUCT_NOT_FOUND', `Product ${input.id} does not exist.`);

    const fields: Partial<typeof products.$inferInsert> = {};
    if (input.title !== undefined) fields.title = input.title;
    if (input.description !== undefined) fields.description = input.description;
    fields.updatedAt = new Date();
    await tx.update(products).set(fields).where(eq(products.id, current.id));

    if (input.prices && input.prices.length > 0) {
      await writePrices(tx, current.id, input.prices);
    }

    const changed: ('title' | 'description')[] = [];
    if (input.title !== undefined) changed.push('title');
    if (input.description !== undefined) changed.push('description');
    if (changed.length > 0 || !input.prices?.length) {
      // An edit that names nothing still touched updated_at: say so, with no fields.
      await emitEvent(tx, {
        type: 'product.updated',
        version: 1,
        payload: { productId: current.id, handle: current.handle, fields: changed },
      });
    }
    if (input.prices && input.prices.length > 0) {
      await emitEvent(tx, {
        type: 'prices.changed',
        version: 1,
        payload: {
          productId: current.id,
          prices: input.prices.map((p) => ({
            variantId: p.variantId,
            currencyCode: p.currencyCode,
            amount: p.amount,
            compareAtAmount: p.compareAtAmount ?? null,
          })),
        },
      });
    }
    return getProductForAdmin(tx, current.id);
  });
}

async function writePrices(
  tx: Database,
  productId: number,
  prices: NonNullable<ProductUpdateInput['prices']>,
) {
  const variantIds = [...new Set(prices.map((p) => p.variantId))];
  const owned = await tx
    .select({ id: productVariants.id })
    .from(productVariants)
    .where(and(eq(productVariants.productId, productId), inArray(productVariants.id, variantIds)));
  const ownedIds = new Set(owned.map((v) => v.id));
  const stranger = variantIds.find((id) => !ownedIds.has(id));
  if (stranger !== undefined) {
    throw new CommerceError(
      'VARIANT_NOT_FOUND',
      `Variant ${stranger} does not belong to product ${productId}.`,
    );
  }
  const currencies = new Set(await shopCurrencies(tx));
  const unknown = prices.find((p) => !currencies.has(p.currencyCode));
  if (unknown) {
    throw new CommerceError(
      'INVALID_INPUT',
      `No region sells in ${unknown.currencyCode}; prices can be set in ${[...currencies].join(', ')}.`,
    );
  }
  await tx
    .insert(productPrices)
    .values(prices.map((p) => ({ ...p, updatedAt: new Date() })))
    .onConflictDoUpdate({
      target: [productPrices.variantId, productPrices.currencyCode],
      set: {
        amount: sql`excluded.amount`,
        compareAtAmount: sql`excluded.compare_at_amount`,
        updatedAt: sql`excluded.updated_at`,
      },
    });
}
