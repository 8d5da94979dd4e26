import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { queryRows } from '@shop/db/query';
import { runTransaction, sqlState, violatedConstraint } from '@shop/db/transaction';
import type {
  AdminProduct,
  ProductCreateInput,
  ProductStatus,
  ProductUpdateInput,
} from '@shop/validators';
import { CommerceError } from '../errors';
import { emitEvent } from '../events/emit';
import type { AuditHook } from '../staff/audit';
import { getProductForAdmin } from './admin';
import { assignHandle, recordHandleRedirect } from './handles';
import { setProductGroups } from './product-groups';
import { saveVariantMatrix, writeVariantPrices, type WrittenPrice } from './product-variants';

/**
 * Creates a product with its options, variant matrix, prices and memberships, in one
 * transaction that emits `product.created` (and `prices.changed` when prices were given): the
 * storefront, caches and search learn of it if and only if it committed. Bad input (a SKU or a
 * handle another product has, an unknown category, a currency no region sells in) is a 400
 * with a sentence and writes nothing.
 */
export async function createProduct(
  db: Database,
  input: ProductCreateInput,
): Promise<AdminProduct> {
  return mapUniqueViolations(() =>
    runTransaction(db, async (tx) => {
      const handle = await assignHandle(tx, {
        productId: null,
        chosen: input.handle,
        title: input.title,
      });
      const rows = await queryRows<{ id: number }>(
        tx,
        sql`
        insert into products (handle, title, description, status, vendor, product_type, tags, seo_title, seo_description)
        values (${handle}, ${input.title}, ${input.description}, ${input.status}, ${input.vendor},
                ${input.productType}, ${textArray(input.tags)}, ${input.seoTitle}, ${input.seoDescription})
        returning id`,
      );
      const productId = Number(rows[0]?.id);
      const prices = await saveVariantMatrix(tx, productId, input.options, input.variants);
      await setProductGroups(tx, productId, input);
      await emitEvent(tx, {
        type: 'product.created',
        version: 1,
        payload: { productId, handle },
      });
      await emitPrices(tx, productId, prices);
      return getProductForAdmin(tx, productId);
    }),
  );
}

/**
 * Saves an existing product: the fields given (absent ones are unchanged), the whole variant
 * matrix when options and variants are given (variants left out are archived), prices, and
 * memberships, in one transaction. It emits `product.updated` (naming title, description,
 * status and handle when they changed, with the previous handle, whose links now redirect),
 * `product.archived` when the status became archived (the product leaves the storefront and
 * search; its orders are untouched), and `prices.changed` when prices were written.
 */
export async function updateProduct(
  db: Database,
  input: ProductUpdateInput,
  deps: { audit?: AuditHook } = {},
): Promise<AdminProduct> {
  return mapUniqueViolations(() =>
    runTransaction(db, async (tx) => {
      const found = await queryRows<{
        id: number;
        handle: string;
        title: string;
        status: ProductStatus;
        description: string;
      }>(
        tx,
        sql`select id, handle, title, status, description from products where id = ${input.id} for update`,
      );
      const current = found[0];
      if (!current)
        throw new CommerceError('PRODUCT_NOT_FOUND', `Product ${input.id} does not exist.`);
      const productId = Number(current.id);
      // The editor's view before and after, for the audit log, read in this transaction.
      const before = deps.audit ? await getProductForAdmin(tx, productId) : null;

      const handle =
        input.handle === undefined
          ? current.handle
          : await assignHandle(tx, {
              productId,
              chosen: input.handle,
              title: input.title ?? current.title,
            });
      if (handle !== current.handle) await recordHandleRedirect(tx, productId, current.handle);

      await tx.execute(sql`
        update products set
          handle = ${handle},
          title = coalesce(${input.title ?? null}, title),
          description = coalesce(${input.description ?? null}, description),
          status = coalesce(${input.status ?? null}::product_status, status),
          vendor = coalesce(${input.vendor ?? null}, vendor),
          product_type = coalesce(${input.productType ?? null}, product_type),
          tags = coalesce(${input.tags ? textArray(input.tags) : null}, tags),
          seo_title = coalesce(${input.seoTitle ?? null}, seo_title),
          seo_description = coalesce(${input.seoDescription ?? null}, seo_description),
          updated_at = now()
        where id = ${productId}`);

      const prices: WrittenPrice[] = [];
      if (input.options && input.variants)
        prices.push(...(await saveVariantMatrix(tx, productId, input.options, input.variants)));
      if (input.prices && input.prices.length > 0) {
        await assertOwnVariants(
          tx,
          productId,
          input.prices.map((p) => p.variantId),
        );
        await writeVariantPrices(tx, input.prices);
        prices.push(...input.prices);
      }
      await setProductGroups(tx, productId, input);

      // A price-only edit says so with `prices.changed` alone; any other edit (even one that
      // names nothing: it still touched updated_at) with `product.updated`.
      const pricesOnly = prices.length > 0 && !savesMoreThanPrices(input);
      if (!pricesOnly)
        await emitEvent(tx, {
          type: 'product.updated',
          version: 1,
          payload: {
            productId,
            handle,
            fields: changedFields(current, input, handle),
            ...(handle !== current.handle ? { previousHandle: current.handle } : {}),
          },
        });
      if (input.status === 'archived' && current.status !== 'archived')
        await emitEvent(tx, {
          type: 'product.archived',
          version: 1,
          payload: { productId, handle },
        });
      await emitPrices(tx, productId, prices);
      const after = await getProductForAdmin(tx, productId);
      await deps.audit?.(tx, { targetType: 'products', targetId: productId, before, after });
      return after;
    }),
  );
}

/** Archives a product (`updateProduct` with the status): archiving twice changes nothing more. */
export async function archiveProduct(db: Database, id: number): Promise<AdminProduct> {
  return updateProduct(db, { id, status: 'archived' });
}

function savesMoreThanPrices(input: ProductUpdateInput): boolean {
  return Object.entries(input).some(
    ([key, value]) => key !== 'id' && key !== 'prices' && value !== undefined,
  );
}

function changedFields(
  current: { title: string; description: string; status: ProductStatus; handle: string },
  input: ProductUpdateInput,
  handle: string,
): Array<'title' | 'description' | 'status' | 'handle'> {
  const fields: Array<'title' | 'description' | 'status' | 'handle'> = [];
  if (input.title !== undefined && input.title !== current.title) fields.push('title');
  if (input.description !== undefined && input.description !== current.description)
    fields.push('description');
  if (input.status !== undefined && input.status !== current.status) fields.push('status');
  if (handle !== current.handle) fields.push('handle');
  return fields;
}

async function assertOwnVariants(tx: Database, productId: number, variantIds: readonly number[]) {
  const ids = [...new Set(variantIds)];
  const owned = await queryRows<{ id: number }>(
    tx,
    sql`select id from product_variants where product_id = ${productId} and id in (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})`,
  );
  const ownedIds = new Set(owned.map((v) => Number(v.id)));
  const stranger = ids.find((id) => !ownedIds.has(id));
  if (stranger !== undefined)
    throw new CommerceError(
      'VARIANT_NOT_FOUND',
      `Variant ${stranger} does not belong to product ${productId}.`,
    );
}

async function emitPrices(tx: Database, productId: number, prices: readonly WrittenPrice[]) {
  if (prices.length === 0) return;
  await emitEvent(tx, {
    type: 'prices.changed',
    version: 1,
    payload: { productId, prices: [...prices] },
  });
}

/** A text[] parameter that reads the same on both drivers. */
function textArray(values: readonly string[]) {
  return sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;
}

/**
 * The last guard of the unique indexes: a write that lost a race the checks could not see
 * (they run under the handle lock, but a SKU can be taken by a product saved concurrently) is
 * a 400 with a sentence, not a 500.
 */
async function mapUniqueViolations<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (sqlState(err) !== '23505') throw err;
    const constraint = violatedConstraint(err);
    if (constraint === 'products_handle_key')
      throw new CommerceError('INVALID_INPUT', 'That handle is already used by another product.', {
        cause: err,
      });
    if (constraint === 'product_variants_sku_key')
      throw new CommerceError(
        'INVALID_INPUT',
        'One of the SKUs is already used by another product.',
        {
          cause: err,
        },
      );
    throw err;
  }
}
