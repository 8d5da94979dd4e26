import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { queryRows } from '@shop/db/query';
import type { ProductCard, ProductDetail, ProductList } from '@shop/validators';
import { CommerceError } from '../errors';
import { getRegion } from '../regions/regions';

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Product cards of active products in `scope` (SQL over `products p`, joined as the caller's
 * `from` needs), in `order`, at most `limit`: each with its first image, its cheapest price in
 * the currency and whether any variant can be sold. `key` is returned beside each card (the
 * caller's keyset cursor columns).
 */
export async function selectProductCards(
  db: Database,
  params: { currencyCode: string; from: SQL; where: SQL; order: SQL; key?: SQL; limit: number },
): Promise<Array<{ card: ProductCard; row: Record<string, unknown> }>> {
  const { currencyCode } = params;
  const rows = await queryRows(
    db,
    sql`
    select p.id, p.handle, p.title, ${params.key ?? sql`null`} as cursor_key,
           img.url as img_url, img.alt as img_alt, img.width as img_width, img.height as img_height,
           pr.amount, pr.compare_at_amount,
           coalesce(st.in_stock, false) as in_stock
      from ${params.from}
      left join lateral (
        select url, alt, width, height from product_images
         where product_id = p.id order by position, id limit 1
      ) img on true
      left join lateral (
        select pp.amount, pp.compare_at_amount
          from product_variants v
          join product_prices pp on pp.variant_id = v.id and pp.currency_code = ${currencyCode}
         where v.product_id = p.id and not v.archived
         order by pp.amount limit 1
      ) pr on true
      left join lateral (
        select bool_or(not v.manage_inventory or coalesce(il.on_hand - il.reserved, 0) > 0) as in_stock
          from product_variants v
          left join inventory_levels il on il.variant_id = v.id
         where v.product_id = p.id and not v.archived
      ) st on true
     where p.status = 'active' and ${params.where}
     order by ${params.order}
     limit ${params.limit}`,
  );
  return rows.map((r) => {
    const amount = numOrNull(r.amount);
    const compareAt = numOrNull(r.compare_at_amount);
    const card: ProductCard = {
      id: num(r.id),
      handle: String(r.handle),
      title: String(r.title),
      thumbnail:
        r.img_url == null
          ? null
          : {
              url: String(r.img_url),
              alt: String(r.img_alt),
              width: num(r.img_width),
              height: num(r.img_height),
            },
      price: amount === null ? null : { amount, currencyCode },
      compareAtPrice: compareAt === null ? null : { amount: compareAt, currencyCode },
      inStock: r.in_stock === true,
    };
    return { card, row: r };
  });
}

/**
 * Active products in id order, one page at a time (keyset: `cursor` is the last id seen), each
 * with its cheapest price in the region's currency and whether any variant can be sold.
 */
export async function listProducts(
  db: Database,
  params: { region: string; cursor?: number | null; limit: number },
): Promise<ProductList> {
  const region = await getRegion(db, params.region, { fallback: true });
  const rows = await selectProductCards(db, {
    currencyCode: region.currencyCode,
    from: sql`products p`,
    where: sql`p.id > ${params.cursor ?? 0}`,
    order: sql`p.id`,
    limit: params.limit + 1,
  });
  const page = rows.slice(0, params.limit).map((r) => r.card);
  const last = page.at(-1);
  return { items: page, nextCursor: rows.length > params.limit && last ? last.id : null };
}

/**
 * One active product by handle, with its options, variants, prices in the region's currency and
 * stock available to sell (on hand minus reserved, summed over locations).
 */
export async function getProductByHandle(
  db: Database,
  params: { handle: string; region: string },
): Promise<ProductDetail> {
  const region = await getRegion(db, params.region, { fallback: true });
  const found = await queryRows(
    db,
    sql`
    select id, handle, title, description from products
     where handle = ${params.handle} and status = 'active' limit 1`,
  );
  const product = found[0];
  if (!product)
    throw new CommerceError('PRODUCT_NOT_FOUND', `No product has the handle "${params.handle}".`);
  const productId = num(product.id);

  // Parallel reads on the pool; callers pass the shared handle, never a transaction.
  const [images, optionRows, variantRows, variantOptionRows] = await Promise.all([
    queryRows(
      db,
      sql`select url, alt, width, height from product_images
                    where product_id = ${productId} order by position, id`,
    ),
    queryRows(
      db,
      sql`select o.name, v.value from product_options o
                     join product_option_values v on v.option_id = o.id
                    where o.product_id = ${productId}
                    order by o.position, o.id, v.position, v.id`,
    ),
    queryRows(
      db,
      sql`
      select v.id, v.sku, v.title, v.manage_inventory, pp.amount, pp.compare_at_amount,
             coalesce((select sum(on_hand - reserved) from inventory_levels where variant_id = v.id), 0) as available
        from product_variants v
        left join product_prices pp on pp.variant_id = v.id and pp.currency_code = ${region.currencyCode}
       where v.product_id = ${productId} and not v.archived
       order by v.position, v.id`,
    ),
    queryRows(
      db,
      sql`
      select vov.variant_id, o.name, ov.value
        from variant_option_values vov
        join product_option_values ov on ov.id = vov.option_value_id
        join product_options o on o.id = ov.option_id
       where o.product_id = ${productId}`,
    ),
  ]);

  const options: ProductDetail['options'] = [];
  for (const r of optionRows) {
    const name = String(r.name);
    let option = options.find((o) => o.name === name);
    if (!option) options.push((option = { name, values: [] }));
    option.values.push(String(r.value));
  }
  const optionsByVariant = new Map<number, Record<string, string>>();
  for (const r of variantOptionRows) {
    const id = num(r.variant_id);
    const map = optionsByVariant.get(id) ?? {};
    map[String(r.name)] = String(r.value);
    optionsByVariant.set(id, map);
  }

  return {
    id: productId,
    handle: String(product.handle),
    title: String(product.title),
    description: String(product.description),
    images: images.map((r) => ({
      url: String(r.url),
      alt: String(r.alt),
      width: num(r.width),
      height: num(r.height),
    })),
    options,
    variants: variantRows.map((r) => {
      const amount = numOrNull(r.amount);
      const compareAt = numOrNull(r.compare_at_amount);
      const available = Math.max(0, num(r.available));
      const id = num(r.id);
      return {
        id,
        sku: String(r.sku),
        title: String(r.title),
        options: optionsByVariant.get(id) ?? {},
        price: amount === null ? null : { amount, currencyCode: region.currencyCode },
        compareAtPrice:
          compareAt === null ? null : { amount: compareAt, currencyCode: region.currencyCode },
        available,
        inStock: r.manage_inventory === false || available > 0,
      };
    }),
    region,
  };
}
