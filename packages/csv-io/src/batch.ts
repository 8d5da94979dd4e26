import { sql } from 'drizzle-orm';
import { emitEvent } from '@shop/core';
import type { Database } from '@shop/db/client';
import { bigintArray, queryRows } from '@shop/db/query';
import type { ProductDraft, ProductStatus, Rejection, VariantDraft } from './drafts';

/** Where an import writes: prices in one currency, stock at one location, by one actor. */
export interface ImportTarget {
  currency: string;
  /** The location stock counts are set at; null when the shop has none (a count is refused). */
  locationId: number | null;
  actor: string;
  importId: number | null;
}

export type Verdict = 'created' | 'updated' | 'unchanged' | 'rejected';

export interface RowVerdict {
  line: number;
  handle: string;
  sku: string;
  verdict: Verdict;
  reason?: string;
}

export interface BatchResult {
  verdicts: RowVerdict[];
  productIds: number[];
  createdHandles: string[];
}

interface ExistingProduct {
  id: number;
  handle: string;
  title: string;
  description: string;
  vendor: string;
  product_type: string;
  tags: string[];
  status: ProductStatus;
  options: string[];
  images: string[];
  /** The position a new variant of this product takes (after its existing ones). */
  nextPosition: number;
}

interface ExistingVariant {
  id: number;
  product_id: number;
  handle: string;
  sku: string;
  title: string;
  barcode: string;
  weight_grams: number | null;
  option_values: string[];
  amount: number | null;
  compare_at_amount: number | null;
  on_hand: number | null;
  reserved: number | null;
}

/** A variant's title from its option values, as the seed and the admin write it. */
export function variantTitle(optionValues: readonly string[]): string {
  return optionValues.length > 0 ? optionValues.join(' / ') : 'Default';
}

/**
 * Reads are plain key lookups (`= any(array(…))` on a unique index, then by id): no correlated
 * subquery whose cached plan, made while the tables were empty, could scan them on every row.
 */
async function loadProducts(tx: Database, handles: string[]) {
  const rows = await queryRows<Omit<ExistingProduct, 'options' | 'images' | 'nextPosition'>>(
    tx,
    sql`
    select p.id, p.handle, p.title, p.description, p.vendor, p.product_type, p.tags, p.status
      from products p
     where p.handle = any(array(select jsonb_array_elements_text(${JSON.stringify(handles)}::jsonb)))`,
  );
  // A batch of new products (a first import) has nothing more to read.
  if (rows.length === 0) return new Map<string, ExistingProduct>();
  const ids = bigintArray(rows.map((r) => Number(r.id)));
  const options = await queryRows<{ product_id: number; name: string }>(
    tx,
    sql`select product_id, name from product_options where product_id = any(${ids})
         order by product_id, position, id`,
  );
  const images = await queryRows<{ product_id: number; url: string }>(
    tx,
    sql`select product_id, url from product_images where product_id = any(${ids})
         order by product_id, position, id`,
  );
  const positions = await queryRows<{ product_id: number; next: number }>(
    tx,
    sql`select product_id, max(position) + 1 as next from product_variants
         where product_id = any(${ids}) group by product_id`,
  );
  const byId = new Map<number, ExistingProduct>(
    rows.map((r) => [
      Number(r.id),
      { ...r, id: Number(r.id), options: [], images: [], nextPosition: 0 },
    ]),
  );
  for (const p of positions) {
    const product = byId.get(Number(p.product_id));
    if (product) product.nextPosition = Number(p.next);
  }
  for (const o of options) byId.get(Number(o.product_id))?.options.push(o.name);
  for (const i of images) byId.get(Number(i.product_id))?.images.push(i.url);
  return new Map([...byId.values()].map((p) => [p.handle, p]));
}

async function loadVariants(tx: Database, skus: string[], target: ImportTarget) {
  const rows = await queryRows<Omit<ExistingVariant, 'option_values'>>(
    tx,
    sql`
    select v.id, v.product_id, p.handle, v.sku, v.title, v.barcode, v.weight_grams,
           pp.amount, pp.compare_at_amount, il.on_hand, il.reserved
      from product_variants v
      join products p on p.id = v.product_id
      left join product_prices pp on pp.variant_id = v.id and pp.currency_code = ${target.currency}
      left join inventory_levels il on il.variant_id = v.id and il.location_id = ${target.locationId ?? 0}
     where v.sku = any(array(select jsonb_array_elements_text(${JSON.stringify(skus)}::jsonb)))`,
  );
  if (rows.length === 0) return new Map<string, ExistingVariant>();
  const values = await queryRows<{ variant_id: number; value: string }>(
    tx,
    sql`select vov.variant_id, ov.value
          from variant_option_values vov
          join product_option_values ov on ov.id = vov.option_value_id
          join product_options o on o.id = ov.option_id
         where vov.variant_id = any(${bigintArray(rows.map((r) => Number(r.id)))})
         order by vov.variant_id, o.position, o.id`,
  );
  const valuesOf = new Map<number, string[]>();
  for (const v of values) {
    const list = valuesOf.get(Number(v.variant_id)) ?? [];
    list.push(v.value);
    valuesOf.set(Number(v.variant_id), list);
  }
  const num = (v: number | null) => (v === null ? null : Number(v));
  return new Map(
    rows.map((r) => [
      r.sku,
      {
        ...r,
        id: Number(r.id),
        product_id: Number(r.product_id),
        weight_grams: num(r.weight_grams),
        option_values: valuesOf.get(Number(r.id)) ?? [],
        amount: num(r.amount),
        compare_at_amount: num(r.compare_at_amount),
        on_hand: num(r.on_hand),
        reserved: num(r.reserved),
      },
    ]),
  );
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** The product row the file asks for, merged over what exists. */
function mergedProduct(draft: ProductDraft, existing: ExistingProduct | undefined) {
  const f = draft.fields;
  return {
    handle: draft.handle,
    title: f.title ?? existing?.title ?? '',
    description: f.description ?? existing?.description ?? '',
    vendor: f.vendor ?? existing?.vendor ?? '',
    product_type: f.productType ?? existing?.product_type ?? '',
    tags: f.tags ?? existing?.tags ?? [],
    status: f.status ?? existing?.status ?? 'active',
  };
}

type ProductRow = ReturnType<typeof mergedProduct>;

function productDiffers(row: ProductRow, existing: ExistingProduct): boolean {
  return (
    row.title !== existing.title ||
    row.description !== existing.description ||
    row.vendor !== existing.vendor ||
    row.product_type !== existing.product_type ||
    row.status !== existing.status ||
    !sameList(row.tags, existing.tags)
  );
}

interface VariantWrite {
  handle: string;
  sku: string;
  title: string;
  position: number;
  barcode: string;
  weight_grams: number | null;
  option_values: string[];
  amount: number;
  compare_at_amount: number | null;
  on_hand: number | null;
  /** A stock row exists at the import's location (a count then updates it, else inserts one). */
  levelExists: boolean;
  variantChanged: boolean;
  optionsChanged: boolean;
  priceChanged: boolean;
  stockChanged: boolean;
}

/**
 * A variant row against what exists: the row to write, or a sentence refusing it. Refused:
 * a SKU another product owns, a new variant without a price, a price not below the compare-at
 * price it keeps, a count below the units live checkouts hold.
 */
function planVariant(
  v: VariantDraft,
  handle: string,
  existing: ExistingVariant | undefined,
  position: number,
  target: ImportTarget,
): VariantWrite | string {
  if (existing && existing.handle !== handle)
    return `SKU "${v.sku}" belongs to another product (handle "${existing.handle}").`;
  const amount = v.price ?? existing?.amount ?? undefined;
  if (amount === undefined)
    return `Variant Price is empty; a new variant needs a price in ${target.currency}.`;
  const compareAt = v.compareAt !== undefined ? v.compareAt : (existing?.compare_at_amount ?? null);
  if (compareAt !== null && compareAt <= amount)
    return `The price is not below the variant's compare-at price; give a Variant Compare At Price above it or leave that column empty.`;
  if (v.onHand !== undefined) {
    if (target.locationId === null)
      return 'The shop has no stock location to count Variant Inventory Qty at.';
    const reserved = existing?.reserved ?? 0;
    if (v.onHand < reserved)
      return `Variant Inventory Qty ${v.onHand} is below the ${reserved} units live checkouts hold.`;
  }
  const title = variantTitle(v.optionValues);
  const barcode = v.barcode ?? existing?.barcode ?? '';
  const weight = v.weightGrams !== undefined ? v.weightGrams : (existing?.weight_grams ?? null);
  const onHand = v.onHand ?? null;
  return {
    handle,
    sku: v.sku,
    title,
    position,
    barcode,
    weight_grams: weight,
    option_values: v.optionValues,
    amount,
    compare_at_amount: compareAt,
    on_hand: onHand,
    levelExists: existing?.on_hand !== null && existing?.on_hand !== undefined,
    variantChanged:
      !existing ||
      existing.title !== title ||
      existing.barcode !== barcode ||
      existing.weight_grams !== weight,
    optionsChanged: !existing || !sameList(existing.option_values, v.optionValues),
    priceChanged:
      !existing || existing.amount !== amount || existing.compare_at_amount !== compareAt,
    stockChanged: onHand !== null && (existing?.on_hand ?? 0) !== onHand,
  };
}

interface BatchPlan {
  verdicts: RowVerdict[];
  products: Array<ProductRow & { isNew: boolean }>;
  options: Array<{ handle: string; name: string; position: number }>;
  variants: VariantWrite[];
  images: Array<{ handle: string; url: string; alt: string; position: number }>;
  touched: Set<string>;
}

/** Judges a batch of products against the database, writing nothing. */
async function judgeBatch(
  tx: Database,
  drafts: readonly ProductDraft[],
  rejections: readonly Rejection[],
  target: ImportTarget,
): Promise<BatchPlan> {
  const products = await loadProducts(
    tx,
    drafts.map((d) => d.handle),
  );
  const variants = await loadVariants(
    tx,
    drafts.flatMap((d) => d.variants.map((v) => v.sku)),
    target,
  );
  const plan: BatchPlan = {
    verdicts: rejections.map((r) => ({ ...r, verdict: 'rejected' as const })),
    products: [],
    options: [],
    variants: [],
    images: [],
    touched: new Set(),
  };
  for (const draft of drafts)
    judgeProduct(draft, products.get(draft.handle), variants, target, plan);
  plan.verdicts.sort((a, b) => a.line - b.line);
  return plan;
}

function judgeProduct(
  draft: ProductDraft,
  existing: ExistingProduct | undefined,
  variants: ReadonlyMap<string, ExistingVariant>,
  target: ImportTarget,
  plan: BatchPlan,
): void {
  const rejectAll = (reason: string) => {
    for (const v of draft.variants)
      plan.verdicts.push({
        line: v.line,
        handle: draft.handle,
        sku: v.sku,
        verdict: 'rejected',
        reason,
      });
  };
  if (!existing && !draft.fields.title)
    return rejectAll(
      `Title is empty and "${draft.handle}" is a new handle; a new product needs a title.`,
    );
  if (existing && existing.options.length > 0 && !sameList(existing.options, draft.optionNames))
    return rejectAll(
      `The option names (${draft.optionNames.join(', ') || 'none'}) differ from the product's (${existing.options.join(', ')}); rename options in the admin first.`,
    );
  const rows: Array<{ v: VariantDraft; write: VariantWrite }> = [];
  // Existing variants keep their position; new ones follow them in file order.
  let position = existing?.nextPosition ?? 0;
  for (const v of draft.variants) {
    const write = planVariant(v, draft.handle, variants.get(v.sku), position, target);
    if (typeof write === 'string') {
      plan.verdicts.push({
        line: v.line,
        handle: draft.handle,
        sku: v.sku,
        verdict: 'rejected',
        reason: write,
      });
      continue;
    }
    rows.push({ v, write });
    if (!variants.has(v.sku)) position++;
  }
  if (!existing && rows.length === 0) return;
  const product = mergedProduct(draft, existing);
  const productChanged = !existing || productDiffers(product, existing);
  const newImages = draft.images.filter((i) => !existing?.images.includes(i.url));
  const newOptions = existing?.options.length ? [] : draft.optionNames;
  const headChanged = productChanged || newImages.length > 0 || newOptions.length > 0;
  if (productChanged) plan.products.push({ ...product, isNew: !existing });
  newOptions.forEach((name, i) => plan.options.push({ handle: draft.handle, name, position: i }));
  const firstImage = existing?.images.length ?? 0;
  newImages.forEach((image, i) =>
    plan.images.push({ handle: draft.handle, ...image, position: firstImage + i }),
  );
  rows.forEach(({ v, write }, index) => {
    const isNew = !variants.has(v.sku);
    const changed =
      write.variantChanged || write.optionsChanged || write.priceChanged || write.stockChanged;
    if (changed) plan.variants.push(write);
    const verdict: Verdict =
      !existing || isNew
        ? 'created'
        : changed || (index === 0 && headChanged)
          ? 'updated'
          : 'unchanged';
    plan.verdicts.push({ line: v.line, handle: draft.handle, sku: v.sku, verdict });
  });
  if (headChanged || rows.some((r) => plan.variants.includes(r.write)))
    plan.touched.add(draft.handle);
}

/**
 * One batch of an import: judged against the database and, when `write` is set, written in the
 * caller's transaction with one set-based statement per table (products upserted by handle,
 * variants by SKU, prices by variant and currency, each `on conflict … do update … where`
 * something differs), stock counts set through `stock_adjustments` (reason `import`), and one
 * `catalog.imported` event naming every product the batch touched. A batch that changes nothing
 * writes nothing and emits nothing, so importing a file twice leaves the second run idle.
 */
export async function importBatch(
  tx: Database,
  drafts: readonly ProductDraft[],
  rejections: readonly Rejection[],
  target: ImportTarget,
  write: boolean,
): Promise<BatchResult> {
  const plan = await judgeBatch(tx, drafts, rejections, target);
  if (!write || plan.touched.size === 0)
    return { verdicts: plan.verdicts, productIds: [], createdHandles: [] };
  const ids = await writeProducts(tx, plan);
  const createdValues = await writeOptions(tx, plan, ids);
  await writeVariants(tx, plan, ids, target, createdValues);
  await writeImages(tx, plan, ids);
  const productIds = [...plan.touched].map((h) => idOf(ids, h)).sort((a, b) => a - b);
  const createdHandles = plan.products.filter((p) => p.isNew).map((p) => p.handle);
  await emitEvent(tx, {
    type: 'catalog.imported',
    version: 1,
    payload: { importId: target.importId, productIds, createdHandles },
  });
  return { verdicts: plan.verdicts, productIds, createdHandles };
}

function idOf(ids: ReadonlyMap<string, number>, handle: string): number {
  const id = ids.get(handle);
  if (id === undefined) throw new Error(`import: no product id for handle ${handle}`);
  return id;
}

const json = (rows: unknown) => sql`${JSON.stringify(rows)}::jsonb`;

async function writeProducts(tx: Database, plan: BatchPlan): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  if (plan.products.length > 0) {
    const written = await queryRows<{ id: number; handle: string }>(
      tx,
      sql`
      insert into products (handle, title, description, vendor, product_type, tags, status)
      select handle, title, description, vendor, product_type, tags, status::product_status
        from jsonb_to_recordset(${json(plan.products)}) as r(handle text, title text,
             description text, vendor text, product_type text, tags text[], status text)
      on conflict (handle) do update set
        title = excluded.title, description = excluded.description, vendor = excluded.vendor,
        product_type = excluded.product_type, tags = excluded.tags, status = excluded.status,
        updated_at = now()
      where (products.title, products.description, products.vendor, products.product_type,
             products.tags, products.status)
        is distinct from (excluded.title, excluded.description, excluded.vendor,
             excluded.product_type, excluded.tags, excluded.status)
      returning id, handle`,
    );
    for (const r of written) ids.set(r.handle, Number(r.id));
  }
  // Products the batch touches without changing their own row (or that another import wrote first).
  await readMissingIds(tx, 'products', 'handle', [...plan.touched], ids);
  return ids;
}

/** Adds to `ids` the ids of the rows whose unique `column` is one of `keys` and not in `ids` yet. */
async function readMissingIds(
  tx: Database,
  table: 'products' | 'product_variants',
  column: 'handle' | 'sku',
  keys: readonly string[],
  ids: Map<string, number>,
): Promise<void> {
  const missing = keys.filter((k) => !ids.has(k));
  if (missing.length === 0) return;
  const rows = await queryRows<{ id: number; key: string }>(
    tx,
    sql`select id, ${sql.identifier(column)} as key from ${sql.identifier(table)}
         where ${sql.identifier(column)} = any(array(select jsonb_array_elements_text(${json(missing)})))`,
  );
  for (const r of rows) ids.set(r.key, Number(r.id));
}

/**
 * The batch's new options and option values. Returns the ids of the values it created by
 * `productId:optionIndex:value`, so that linking the variants reads back only what existed.
 */
async function writeOptions(
  tx: Database,
  plan: BatchPlan,
  ids: ReadonlyMap<string, number>,
): Promise<Map<string, number>> {
  const options = plan.options.map((o) => ({
    product_id: idOf(ids, o.handle),
    name: o.name,
    position: o.position,
  }));
  const optionId = new Map<string, number>();
  /** Products whose options were all created now: their option index is the position written. */
  const complete = new Set<number>();
  if (options.length > 0) {
    const made = await queryRows<{ id: number; product_id: number; position: number }>(
      tx,
      sql`
      insert into product_options (product_id, name, position)
      select * from jsonb_to_recordset(${json(options)}) as r(product_id bigint, name text, position int)
      on conflict (product_id, name) do nothing
      returning id, product_id, position`,
    );
    const planned = new Map<number, number>();
    for (const o of options) planned.set(o.product_id, (planned.get(o.product_id) ?? 0) + 1);
    const madeFor = new Map<number, number>();
    for (const m of made)
      madeFor.set(Number(m.product_id), (madeFor.get(Number(m.product_id)) ?? 0) + 1);
    for (const m of made)
      if (madeFor.get(Number(m.product_id)) === planned.get(Number(m.product_id))) {
        complete.add(Number(m.product_id));
        optionId.set(`${Number(m.product_id)}:${m.position}`, Number(m.id));
      }
  }
  const wanted = plan.variants.filter((v) => v.optionsChanged && v.option_values.length > 0);
  if (wanted.length === 0) return new Map();
  const productIds = [...new Set(wanted.map((v) => idOf(ids, v.handle)))];
  const known = productIds.filter((id) => !complete.has(id));
  if (known.length > 0) {
    const optionRows = await queryRows<{ id: number; product_id: number; option_index: number }>(
      tx,
      sql`select id, product_id,
                 (row_number() over (partition by product_id order by position, id) - 1)::int as option_index
            from product_options where product_id = any(${bigintArray(known)})`,
    );
    for (const o of optionRows)
      optionId.set(`${Number(o.product_id)}:${o.option_index}`, Number(o.id));
  }
  const values = new Map<
    string,
    { option_id: number; value: string; position: number; key: string }
  >();
  for (const v of wanted)
    v.option_values.forEach((value, index) => {
      const productId = idOf(ids, v.handle);
      const id = optionId.get(`${productId}:${index}`);
      if (id === undefined) throw new Error(`import: no option ${index} for handle ${v.handle}`);
      const key = `${id}:${value}`;
      if (!values.has(key))
        values.set(key, {
          option_id: id,
          value,
          position: values.size,
          key: `${productId}:${index}:${value}`,
        });
    });
  const created = await queryRows<{ id: number; option_id: number; value: string }>(
    tx,
    sql`
    insert into product_option_values (option_id, value, position)
    select option_id, value, position
      from jsonb_to_recordset(${json([...values.values()])}) as r(option_id bigint, value text, position int)
    on conflict (option_id, value) do nothing
    returning id, option_id, value`,
  );
  const valueIds = new Map<string, number>();
  for (const c of created) {
    const entry = values.get(`${Number(c.option_id)}:${c.value}`);
    if (entry) valueIds.set(entry.key, Number(c.id));
  }
  return valueIds;
}

/** Option value ids of these products by `productId:optionIndex:value` (option index in position order). */
async function optionValueIds(tx: Database, productIds: number[]): Promise<Map<string, number>> {
  const rows = await queryRows<{
    id: number;
    product_id: number;
    option_index: number;
    value: string;
  }>(
    tx,
    sql`select ov.id, o.product_id, o.option_index, ov.value
          from (select id, product_id,
                       (row_number() over (partition by product_id order by position, id) - 1)::int as option_index
                  from product_options where product_id = any(${bigintArray(productIds)})) o
          join product_option_values ov on ov.option_id = o.id`,
  );
  return new Map(
    rows.map((r) => [`${Number(r.product_id)}:${r.option_index}:${r.value}`, Number(r.id)]),
  );
}

async function writeVariants(
  tx: Database,
  plan: BatchPlan,
  ids: ReadonlyMap<string, number>,
  target: ImportTarget,
  createdValues: ReadonlyMap<string, number>,
) {
  if (plan.variants.length === 0) return;
  const rows = plan.variants.map((v) => ({ ...v, product_id: idOf(ids, v.handle) }));
  const written = await queryRows<{ id: number; sku: string }>(
    tx,
    sql`
    insert into product_variants (product_id, sku, title, position, barcode, weight_grams)
    select r.product_id, r.sku, r.title, r.position, r.barcode, r.weight_grams
      from jsonb_to_recordset(${json(rows)}) as r(product_id bigint, sku text, title text,
           position int, barcode text, weight_grams int)
    on conflict (sku) do update set title = excluded.title, barcode = excluded.barcode,
       weight_grams = excluded.weight_grams, updated_at = now()
    where product_variants.product_id = excluded.product_id
      and (product_variants.title, product_variants.barcode, product_variants.weight_grams)
          is distinct from (excluded.title, excluded.barcode, excluded.weight_grams)
    returning id, sku`,
  );
  const variantId = new Map(written.map((f) => [f.sku, Number(f.id)]));
  // Variants whose own row did not change (their price, options or stock did).
  await readMissingIds(
    tx,
    'product_variants',
    'sku',
    rows.map((r) => r.sku),
    variantId,
  );
  const withId = rows.map((r) => {
    const id = variantId.get(r.sku);
    if (id === undefined) throw new Error(`import: no variant id for SKU ${r.sku}`);
    return { ...r, variant_id: id };
  });
  const relinked = withId.filter((r) => r.optionsChanged);
  if (relinked.length > 0) {
    await tx.execute(sql`delete from variant_option_values
                          where variant_id = any(${bigintArray(relinked.map((r) => r.variant_id))})`);
    // Values this batch created are known; those that existed before are read back.
    const valueIds = new Map(createdValues);
    const unknown = relinked.filter((r) =>
      r.option_values.some((value, i) => !valueIds.has(`${r.product_id}:${i}:${value}`)),
    );
    if (unknown.length > 0)
      for (const [key, id] of await optionValueIds(tx, [
        ...new Set(unknown.map((r) => r.product_id)),
      ]))
        valueIds.set(key, id);
    const links = relinked.flatMap((r) =>
      r.option_values.map((value, position) => {
        const id = valueIds.get(`${r.product_id}:${position}:${value}`);
        if (id === undefined) throw new Error(`import: no option value ${value} for SKU ${r.sku}`);
        return { variant_id: r.variant_id, option_value_id: id };
      }),
    );
    if (links.length > 0)
      await tx.execute(sql`
        insert into variant_option_values (variant_id, option_value_id)
        select * from jsonb_to_recordset(${json(links)}) as r(variant_id bigint, option_value_id bigint)
        on conflict do nothing`);
  }
  const prices = withId.filter((r) => r.priceChanged);
  if (prices.length > 0)
    await tx.execute(sql`
      insert into product_prices (variant_id, currency_code, amount, compare_at_amount)
      select variant_id, ${target.currency}, amount, compare_at_amount
        from jsonb_to_recordset(${json(prices)}) as r(variant_id bigint, amount bigint, compare_at_amount bigint)
      on conflict (variant_id, currency_code) do update set amount = excluded.amount,
         compare_at_amount = excluded.compare_at_amount, updated_at = now()
      where (product_prices.amount, product_prices.compare_at_amount)
            is distinct from (excluded.amount, excluded.compare_at_amount)`);
  await writeStock(tx, withId, target);
}

/**
 * Absolute counts at the import's location, each logged in `stock_adjustments` (delta and the
 * count after, reason `import`). A variant never counted there gets its level row with the
 * count and its ledger line in one statement; a level that exists (or that another import made
 * meanwhile) is locked in variant order, set when its count moves, and logged by one statement.
 */
async function writeStock(
  tx: Database,
  rows: ReadonlyArray<{
    variant_id: number;
    on_hand: number | null;
    stockChanged: boolean;
    levelExists: boolean;
  }>,
  target: ImportTarget,
) {
  const counts = rows
    .filter((r) => r.stockChanged && r.on_hand !== null)
    .map((r) => ({ variant_id: r.variant_id, on_hand: r.on_hand, levelExists: r.levelExists }))
    .sort((a, b) => a.variant_id - b.variant_id);
  if (counts.length === 0 || target.locationId === null) return;
  const note = target.importId === null ? 'CSV import' : `CSV import #${target.importId}`;
  const fresh = counts.filter((c) => !c.levelExists);
  const placed = new Set<number>();
  if (fresh.length > 0) {
    const made = await queryRows<{ variant_id: number }>(
      tx,
      sql`
      with r as (
        select * from jsonb_to_recordset(${json(fresh)}) as r(variant_id bigint, on_hand int)
      ), made as (
        insert into inventory_levels (variant_id, location_id, on_hand, reserved)
        select variant_id, ${target.locationId}, on_hand, 0 from r order by variant_id
        on conflict (variant_id, location_id) do nothing
        returning variant_id, on_hand
      ), logged as (
        insert into stock_adjustments (variant_id, location_id, delta, on_hand_after, reason, note, actor)
        select variant_id, ${target.locationId}, on_hand, on_hand, 'import', ${note}, ${target.actor}
          from made
      )
      select variant_id from made`,
    );
    for (const m of made) placed.add(Number(m.variant_id));
  }
  const rest = counts.filter((c) => !placed.has(c.variant_id));
  if (rest.length === 0) return;
  await tx.execute(sql`
    insert into inventory_levels (variant_id, location_id, on_hand, reserved)
    select variant_id, ${target.locationId}, 0, 0
      from jsonb_to_recordset(${json(rest)}) as r(variant_id bigint, on_hand int)
    on conflict (variant_id, location_id) do nothing`);
  await tx.execute(sql`
    with r as (
      select * from jsonb_to_recordset(${json(rest)}) as r(variant_id bigint, on_hand int)
    ), old as (
      select il.variant_id, il.on_hand from inventory_levels il join r using (variant_id)
       where il.location_id = ${target.locationId}
       order by il.variant_id for update of il
    ), changed as (
      update inventory_levels il set on_hand = r.on_hand, updated_at = now()
        from r join old using (variant_id)
       where il.variant_id = r.variant_id and il.location_id = ${target.locationId}
         and il.on_hand <> r.on_hand
      returning il.variant_id, il.on_hand
    )
    insert into stock_adjustments (variant_id, location_id, delta, on_hand_after, reason, note, actor)
    select c.variant_id, ${target.locationId}, c.on_hand - old.on_hand, c.on_hand, 'import', ${note}, ${target.actor}
      from changed c join old using (variant_id)`);
}

async function writeImages(tx: Database, plan: BatchPlan, ids: ReadonlyMap<string, number>) {
  if (plan.images.length === 0) return;
  const rows = plan.images.map((i) => ({ ...i, product_id: idOf(ids, i.handle) }));
  // External images: their size is unknown until fetched; 1200×1200 keeps the page's box square.
  await tx.execute(sql`
    insert into product_images (product_id, url, alt, position, width, height)
    select r.product_id, r.url, r.alt, r.position, 1200, 1200
      from jsonb_to_recordset(${json(rows)}) as r(product_id bigint, url text, alt text, position int)
     where not exists (select 1 from product_images i where i.product_id = r.product_id and i.url = r.url)`);
}
