import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { bigintArray, queryRows } from '@shop/db/query';
import { sqlState, violatedConstraint } from '@shop/db/transaction';
import { variantTitle, type ProductOptionInput, type VariantInput } from '@shop/validators';
import { CommerceError } from '../errors';

type SavedVariant = { id: number; sku: string; archived: boolean };

/** A price written by a save, as `prices.changed` reports it. */
export type WrittenPrice = {
  variantId: number;
  currencyCode: string;
  amount: number;
  compareAtAmount: number | null;
};

/**
 * Writes a product's options and its variant matrix (already checked by the schema: one variant
 * per combination, SKUs unique within the input). Options are matched by id, else by name;
 * variants by id, else by SKU among the product's variants (so an archived variant whose value
 * comes back is the same variant again), else created. Variants the save leaves out are
 * archived, never deleted: orders and stock history keep pointing at them. Returns the prices
 * written, for `prices.changed`.
 */
export async function saveVariantMatrix(
  tx: Database,
  productId: number,
  options: readonly ProductOptionInput[],
  variants: readonly VariantInput[],
): Promise<WrittenPrice[]> {
  const valueIds = await saveOptions(tx, productId, options);
  const saved = await queryRows<SavedVariant>(
    tx,
    sql`select id, sku, archived from product_variants where product_id = ${productId} order by id`,
  );
  const targets = matchVariants(productId, saved, variants);
  await assertSkusFree(tx, productId, variants);

  const prices: WrittenPrice[] = [];
  const kept = new Set<number>();
  for (const [index, variant] of variants.entries()) {
    const id = await writeVariant(tx, productId, targets[index] ?? null, variant, index);
    kept.add(id);
    await tx.execute(sql`delete from variant_option_values where variant_id = ${id}`);
    for (const [i, value] of variant.optionValues.entries()) {
      const valueId = valueIds[i]?.get(value);
      if (valueId === undefined) continue; // unreachable: the schema checked the combination
      await tx.execute(
        sql`insert into variant_option_values (variant_id, option_value_id) values (${id}, ${valueId})`,
      );
    }
    prices.push(...variant.prices.map((p) => ({ variantId: id, ...p })));
  }
  const dropped = saved.filter((v) => !kept.has(v.id) && !v.archived).map((v) => v.id);
  if (dropped.length > 0)
    await tx.execute(
      sql`update product_variants set archived = true, updated_at = now() where id = any(${bigintArray(dropped)})`,
    );
  await writeVariantPrices(tx, prices);
  return prices;
}

/** The saved variant each input variant updates (null: a new one). */
function matchVariants(
  productId: number,
  saved: readonly SavedVariant[],
  variants: readonly VariantInput[],
): Array<number | null> {
  const byId = new Map(saved.map((v) => [v.id, v]));
  const bySku = new Map(saved.map((v) => [v.sku.toLowerCase(), v]));
  const claimed = new Set<number>();
  const targets = variants.map((variant) => {
    if (variant.id === undefined) return null;
    if (!byId.has(variant.id))
      throw new CommerceError(
        'VARIANT_NOT_FOUND',
        `Variant ${variant.id} does not belong to product ${productId}.`,
      );
    claimed.add(variant.id);
    return variant.id;
  });
  return variants.map((variant, i) => {
    const target = targets[i] ?? null;
    const holder = bySku.get(variant.sku.toLowerCase());
    if (target !== null) {
      if (holder && holder.id !== target)
        throw new CommerceError(
          'INVALID_INPUT',
          `SKU ${variant.sku} belongs to another variant of this product.`,
        );
      return target;
    }
    if (!holder) return null;
    if (claimed.has(holder.id))
      throw new CommerceError(
        'INVALID_INPUT',
        `SKU ${variant.sku} belongs to another variant of this product.`,
      );
    claimed.add(holder.id);
    return holder.id;
  });
}

/** A SKU another product's variant has (archived or not) is refused, naming it. */
async function assertSkusFree(tx: Database, productId: number, variants: readonly VariantInput[]) {
  const skus = variants.map((v) => v.sku);
  const clash = await queryRows<{ sku: string; handle: string }>(
    tx,
    sql`
    select v.sku, p.handle from product_variants v join products p on p.id = v.product_id
     where lower(v.sku) in (${sql.join(
       skus.map((s) => sql`lower(${s})`),
       sql`, `,
     )})
       and v.product_id <> ${productId}
     order by v.sku limit 1`,
  );
  const first = clash[0];
  if (first)
    throw new CommerceError(
      'INVALID_INPUT',
      `SKU ${first.sku} is already used by the product ${first.handle}.`,
    );
}

async function writeVariant(
  tx: Database,
  productId: number,
  id: number | null,
  variant: VariantInput,
  position: number,
): Promise<number> {
  const title = variantTitle(variant.optionValues);
  try {
    if (id !== null) {
      await tx.execute(sql`
        update product_variants
           set sku = ${variant.sku}, title = ${title}, position = ${position}, barcode = ${variant.barcode},
               weight_grams = ${variant.weightGrams}, archived = false, updated_at = now()
         where id = ${id}`);
      return id;
    }
    const rows = await queryRows<{ id: number }>(
      tx,
      sql`
      insert into product_variants (product_id, sku, title, position, barcode, weight_grams)
      values (${productId}, ${variant.sku}, ${title}, ${position}, ${variant.barcode}, ${variant.weightGrams})
      returning id`,
    );
    return Number(rows[0]?.id);
  } catch (err) {
    // A concurrent save took the SKU between the check and this write.
    if (sqlState(err) === '23505' && violatedConstraint(err) === 'product_variants_sku_key')
      throw new CommerceError('INVALID_INPUT', `SKU ${variant.sku} is already used.`, {
        cause: err,
      });
    throw err;
  }
}

/**
 * Options by id, else by name; values by text. Options and values the save leaves out are
 * deleted (their variants were archived or re-pointed above them). Returns, per option in
 * input order, value → id.
 */
async function saveOptions(
  tx: Database,
  productId: number,
  options: readonly ProductOptionInput[],
): Promise<Array<Map<string, number>>> {
  const saved = await queryRows<{ id: number; name: string }>(
    tx,
    sql`select id, name from product_options where product_id = ${productId}`,
  );
  const ids: number[] = [];
  for (const option of options) {
    const match =
      option.id !== undefined
        ? saved.find((o) => Number(o.id) === option.id)
        : saved.find((o) => o.name.toLowerCase() === option.name.toLowerCase());
    if (option.id !== undefined && !match)
      throw new CommerceError(
        'INVALID_INPUT',
        `Option ${option.id} does not belong to product ${productId}.`,
      );
    ids.push(match ? Number(match.id) : 0);
  }
  const keep = ids.filter((id) => id !== 0);
  await tx.execute(
    sql`delete from product_options where product_id = ${productId} and not (id = any(${bigintArray(keep)}))`,
  );
  // Names move out of the way first, so that swapping two options' names cannot collide.
  if (keep.length > 0)
    await tx.execute(
      sql`update product_options set name = '~' || id::text where id = any(${bigintArray(keep)})`,
    );
  const result: Array<Map<string, number>> = [];
  for (const [position, option] of options.entries()) {
    let optionId = ids[position] ?? 0;
    if (optionId === 0) {
      const rows = await queryRows<{ id: number }>(
        tx,
        sql`insert into product_options (product_id, name, position) values (${productId}, ${option.name}, ${position}) returning id`,
      );
      optionId = Number(rows[0]?.id);
    } else {
      await tx.execute(
        sql`update product_options set name = ${option.name}, position = ${position} where id = ${optionId}`,
      );
    }
    result.push(await saveOptionValues(tx, optionId, option.values));
  }
  return result;
}

async function saveOptionValues(
  tx: Database,
  optionId: number,
  values: readonly string[],
): Promise<Map<string, number>> {
  const saved = await queryRows<{ id: number; value: string }>(
    tx,
    sql`select id, value from product_option_values where option_id = ${optionId}`,
  );
  const byValue = new Map(saved.map((v) => [v.value, Number(v.id)]));
  const ids = new Map<string, number>();
  for (const [position, value] of values.entries()) {
    const existing = byValue.get(value);
    if (existing !== undefined) {
      await tx.execute(
        sql`update product_option_values set position = ${position} where id = ${existing}`,
      );
      ids.set(value, existing);
      continue;
    }
    const rows = await queryRows<{ id: number }>(
      tx,
      sql`insert into product_option_values (option_id, value, position) values (${optionId}, ${value}, ${position}) returning id`,
    );
    ids.set(value, Number(rows[0]?.id));
  }
  const keep = [...ids.values()];
  await tx.execute(
    sql`delete from product_option_values where option_id = ${optionId} and not (id = any(${bigintArray(keep)}))`,
  );
  return ids;
}

/** Upserts prices per (variant, currency); a currency no region sells in is refused. */
export async function writeVariantPrices(
  tx: Database,
  prices: readonly WrittenPrice[],
): Promise<void> {
  if (prices.length === 0) return;
  const currencies = (
    await queryRows<{ code: string }>(
      tx,
      sql`select distinct currency_code as code from regions order by 1`,
    )
  ).map((r) => r.code.trim());
  const unknown = prices.find((p) => !currencies.includes(p.currencyCode));
  if (unknown)
    throw new CommerceError(
      'INVALID_INPUT',
      `No region sells in ${unknown.currencyCode}; prices can be set in ${currencies.join(', ')}.`,
    );
  for (const p of prices) {
    await tx.execute(sql`
      insert into product_prices (variant_id, currency_code, amount, compare_at_amount, updated_at)
      values (${p.variantId}, ${p.currencyCode}, ${p.amount}, ${p.compareAtAmount}, now())
      on conflict (variant_id, currency_code) do update
        set amount = excluded.amount, compare_at_amount = excluded.compare_at_amount,
            updated_at = excluded.updated_at`);
  }
}
