import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client';
import { queryRows } from '../query';
import type { Fixtures } from './fixtures';
import type { ProductDraft } from './generate';

export interface BatchCounts {
  variants: number;
  prices: number;
  images: number;
}

const IMAGE_WIDTH = 800;
const IMAGE_HEIGHT = 1000;

/**
 * Writes one batch of products with one `insert ... select from unnest(...)` per table: each
 * column travels as a single array parameter, so a round trip carries thousands of rows. Ids
 * come back through RETURNING and are matched on natural keys (handle, sku, option name and
 * value) rather than on row order, which Postgres does not promise.
 */
export async function writeProductBatch(
  db: Database,
  drafts: readonly ProductDraft[],
  fixtures: Fixtures,
): Promise<BatchCounts> {
  const productIds = await insertProducts(db, drafts);
  const productId = (draft: ProductDraft) => lookup(productIds, draft.handle, 'product');

  const placements = drafts.map((d) => ({
    productId: productId(d),
    categoryId: lookup(fixtures.categoryIds, d.categoryHandle, 'category'),
  }));
  await db.execute(sql`
    insert into product_categories (product_id, category_id)
    select * from ${unnest(placements, { productId: 'bigint', categoryId: 'bigint' })}`);

  const memberships = drafts.flatMap((d) =>
    d.collections.map((c) => ({
      collectionId: lookup(fixtures.collectionIds, c.handle, 'collection'),
      productId: productId(d),
      position: c.position,
    })),
  );
  if (memberships.length > 0) {
    await db.execute(sql`
      insert into collection_products (collection_id, product_id, position)
      select * from ${unnest(memberships, { collectionId: 'bigint', productId: 'bigint', position: 'int' })}`);
  }

  const images = drafts.flatMap((d) =>
    d.images.map((image) => ({ ...image, productId: productId(d) })),
  );
  await db.execute(sql`
    insert into product_images (product_id, url, alt, position, width, height)
    select *, ${IMAGE_WIDTH}::int, ${IMAGE_HEIGHT}::int
    from ${unnest(images, { productId: 'bigint', url: 'text', alt: 'text', position: 'int' })}`);

  const optionValueIds = await insertOptions(db, drafts, productId);

  const variants = drafts.flatMap((d) =>
    d.variants.map((v) => ({
      ...v,
      productId: productId(d),
      createdAt: d.createdAt.toISOString(),
    })),
  );
  const variantRows = await queryRows<{ id: number; sku: string }>(
    db,
    sql`
    insert into product_variants (product_id, sku, title, position, created_at, updated_at)
    select *, created_at
    from ${unnest(variants, {
      productId: 'bigint',
      sku: 'text',
      title: 'text',
      position: 'int',
      createdAt: 'timestamptz',
    })} as u(product_id, sku, title, position, created_at)
    returning id, sku`,
  );
  const variantIds = new Map(variantRows.map((r) => [r.sku, Number(r.id)]));
  const variantId = (sku: string) => lookup(variantIds, sku, 'variant');

  const links = variants.flatMap((v) =>
    v.optionValues.map((ov) => ({
      variantId: variantId(v.sku),
      optionValueId: lookup(
        optionValueIds,
        `${v.productId}:${ov.option}:${ov.value}`,
        'option value',
      ),
    })),
  );
  await db.execute(sql`
    insert into variant_option_values (variant_id, option_value_id)
    select * from ${unnest(links, { variantId: 'bigint', optionValueId: 'bigint' })}`);

  const prices = variants.flatMap((v) =>
    v.prices.map((p) => ({ ...p, variantId: variantId(v.sku) })),
  );
  await db.execute(sql`
    insert into product_prices (variant_id, currency_code, amount, compare_at_amount)
    select * from ${unnest(prices, {
      variantId: 'bigint',
      currencyCode: 'text',
      amount: 'int',
      compareAtAmount: 'int',
    })}`);

  const levels = variants.map((v) => ({ variantId: variantId(v.sku), onHand: v.onHand }));
  await db.execute(sql`
    insert into inventory_levels (variant_id, on_hand, location_id, reserved)
    select *, ${fixtures.locationId}::bigint, 0
    from ${unnest(levels, { variantId: 'bigint', onHand: 'int' })}`);

  return { variants: variants.length, prices: prices.length, images: images.length };
}

async function insertProducts(
  db: Database,
  drafts: readonly ProductDraft[],
): Promise<Map<string, number>> {
  // Tags travel as one text joined by the unit separator (unnest takes scalar columns).
  const rows = drafts.map((d) => ({
    ...d,
    tags: d.tags.join('\u001f'),
    createdAt: d.createdAt.toISOString(),
  }));
  const result = await queryRows<{ id: number; handle: string }>(
    db,
    sql`
    insert into products (handle, title, description, status, vendor, product_type, tags, created_at, updated_at)
    select handle, title, description, status, vendor, product_type,
           string_to_array(tags, chr(31)), created_at, created_at
    from ${unnest(rows, {
      handle: 'text',
      title: 'text',
      description: 'text',
      status: 'product_status',
      vendor: 'text',
      productType: 'text',
      tags: 'text',
      createdAt: 'timestamptz',
    })} as u(handle, title, description, status, vendor, product_type, tags, created_at)
    returning id, handle`,
  );
  return new Map(result.map((r) => [r.handle, Number(r.id)]));
}

/** Inserts options then their values; returns value ids keyed by `productId:option:value`. */
async function insertOptions(
  db: Database,
  drafts: readonly ProductDraft[],
  productId: (draft: ProductDraft) => number,
): Promise<Map<string, number>> {
  const options = drafts.flatMap((d) => d.options.map((o) => ({ ...o, productId: productId(d) })));
  const optionRows = await queryRows<{ id: number; product_id: number; name: string }>(
    db,
    sql`
    insert into product_options (product_id, name, position)
    select * from ${unnest(options, { productId: 'bigint', name: 'text', position: 'int' })}
    returning id, product_id, name`,
  );
  const optionIds = new Map(
    optionRows.map((r) => [`${Number(r.product_id)}:${r.name}`, Number(r.id)]),
  );

  const values = options.flatMap((o) => {
    const optionId = lookup(optionIds, `${o.productId}:${o.name}`, 'option');
    const key = (value: string) => `${o.productId}:${o.name}:${value}`;
    return o.values.map((value, position) => ({ optionId, value, position, key: key(value) }));
  });
  const keyByOptionValue = new Map(values.map((v) => [`${v.optionId}:${v.value}`, v.key]));
  const valueRows = await queryRows<{ id: number; option_id: number; value: string }>(
    db,
    sql`
    insert into product_option_values (option_id, value, position)
    select * from ${unnest(values, { optionId: 'bigint', value: 'text', position: 'int' })}
    returning id, option_id, value`,
  );
  const ids = new Map<string, number>();
  for (const row of valueRows) {
    const key = lookup(keyByOptionValue, `${Number(row.option_id)}:${row.value}`, 'option value');
    ids.set(key, Number(row.id));
  }
  return ids;
}

/**
 * `unnest($1::bigint[], $2::text[], ...)` over the chosen fields of `rows`, in the order the
 * `types` object lists them; each column goes as one array literal in text, which both drivers
 * send as it is (postgres.js would otherwise hand a JS array of timestamps over unserialized).
 */
function unnest<T>(rows: readonly T[], types: { [K in keyof T]?: string }): SQL {
  const columns = (Object.keys(types) as Array<keyof T>).map((key) => {
    const values = rows.map((row) => row[key]);
    return sql`${arrayLiteral(values)}::${sql.raw(types[key] ?? 'text')}[]`;
  });
  return sql`unnest(${sql.join(columns, sql`, `)})`;
}

/** `{"a","b \"c\"",NULL}`: every element quoted, `"` and `\` escaped. */
function arrayLiteral(values: readonly unknown[]): string {
  const element = (v: unknown) =>
    v === null || v === undefined ? 'NULL' : `"${String(v).replace(/["\\]/g, '\\$&')}"`;
  return `{${values.map(element).join(',')}}`;
}

function lookup<K, V>(map: ReadonlyMap<K, V>, key: K, what: string): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`Seed bug: no ${what} id for ${String(key)}.`);
  return value;
}
