import { sql } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import type { Database } from '@shop/db/client';
import { bigintArray, queryRows } from '@shop/db/query';
import { toDecimal } from '@shop/money';
import { importTarget } from './import';
import { EXPORT_COLUMNS, type ProductColumn } from './layout';

/** Products read per query while exporting: memory stays flat whatever the catalog's size. */
const EXPORT_CHUNK = 200;

interface ExportProduct {
  id: number;
  handle: string;
  title: string;
  description: string;
  vendor: string;
  product_type: string;
  tags: string[];
  status: string;
  options: string[];
  images: Array<{ url: string; alt: string }>;
}

interface ExportVariant {
  product_id: number;
  sku: string;
  barcode: string;
  weight_grams: number | null;
  option_values: string[];
  amount: number | null;
  compare_at_amount: number | null;
  on_hand: number | null;
}

function line(values: Partial<Record<ProductColumn, string>>): string {
  return stringify([EXPORT_COLUMNS.map((c) => values[c] ?? '')], { record_delimiter: 'windows' });
}

/**
 * The catalog as a product CSV in the import's layout (Shopify's), streamed: products keyset by
 * id, `EXPORT_CHUNK` at a time, one row per variant (the product's fields on its first row),
 * then one row per further image. Prices are the default region's currency and stock the
 * default location's on-hand count, which is what the import reads, so importing an export
 * changes nothing.
 */
export async function* exportProductsCsv(db: Database): AsyncGenerator<string> {
  const target = await importTarget(db);
  yield `\uFEFF${stringify([EXPORT_COLUMNS], { record_delimiter: 'windows' })}`;
  let after = 0;
  for (;;) {
    const products = await queryRows<ExportProduct>(
      db,
      sql`
      select p.id, p.handle, p.title, p.description, p.vendor, p.product_type, p.tags, p.status,
             coalesce((select array_agg(o.name order by o.position, o.id) from product_options o
                        where o.product_id = p.id), '{}') as options,
             coalesce((select jsonb_agg(jsonb_build_object('url', i.url, 'alt', i.alt) order by i.position, i.id)
                         from product_images i where i.product_id = p.id), '[]') as images
        from products p where p.id > ${after} order by p.id limit ${EXPORT_CHUNK}`,
    );
    const last = products.at(-1);
    if (!last) return;
    after = Number(last.id);
    const variants = await queryRows<ExportVariant>(
      db,
      sql`
      select v.product_id, v.sku, v.barcode, v.weight_grams, pp.amount, pp.compare_at_amount, il.on_hand,
             coalesce((select array_agg(ov.value order by o.position, o.id)
                         from variant_option_values vov
                         join product_option_values ov on ov.id = vov.option_value_id
                         join product_options o on o.id = ov.option_id
                        where vov.variant_id = v.id), '{}') as option_values
        from product_variants v
        left join product_prices pp on pp.variant_id = v.id and pp.currency_code = ${target.currency}
        left join inventory_levels il on il.variant_id = v.id and il.location_id = ${target.locationId ?? 0}
       where v.product_id = any(${bigintArray(products.map((p) => Number(p.id)))})
       order by v.product_id, v.position, v.id`,
    );
    const byProduct = new Map<number, ExportVariant[]>();
    for (const v of variants) {
      const list = byProduct.get(Number(v.product_id)) ?? [];
      list.push(v);
      byProduct.set(Number(v.product_id), list);
    }
    let chunk = '';
    for (const p of products)
      chunk += productLines(p, byProduct.get(Number(p.id)) ?? [], target.currency);
    yield chunk;
  }
}

function money(amount: number | null, currency: string): string {
  return amount === null ? '' : toDecimal(Number(amount), currency);
}

function productLines(
  p: ExportProduct,
  variants: readonly ExportVariant[],
  currency: string,
): string {
  let out = '';
  const [firstImage, ...moreImages] = p.images;
  variants.forEach((v, i) => {
    const values: Partial<Record<ProductColumn, string>> = {
      Handle: p.handle,
      'Variant SKU': v.sku,
      'Variant Price': money(v.amount, currency),
      'Variant Compare At Price': money(v.compare_at_amount, currency),
      'Variant Inventory Qty': v.on_hand === null ? '' : String(v.on_hand),
      'Variant Barcode': v.barcode,
      'Variant Grams': v.weight_grams === null ? '' : String(v.weight_grams),
    };
    v.option_values.forEach((value, index) => {
      values[`Option${index + 1} Value` as ProductColumn] = value;
    });
    if (i === 0) {
      Object.assign(values, {
        Title: p.title,
        'Body (HTML)': p.description,
        Vendor: p.vendor,
        Type: p.product_type,
        Tags: p.tags.join(', '),
        Status: p.status,
        'Image Src': firstImage?.url ?? '',
        'Image Alt Text': firstImage?.alt ?? '',
      });
      p.options.forEach((name, index) => {
        values[`Option${index + 1} Name` as ProductColumn] = name;
      });
    }
    out += line(values);
  });
  for (const image of variants.length > 0 ? moreImages : [])
    out += line({ Handle: p.handle, 'Image Src': image.url, 'Image Alt Text': image.alt });
  return out;
}

interface ExportOrderLine {
  id: number;
  number: number;
  created_at: Date | string;
  email: string;
  status: string;
  payment_status: string;
  fulfillment_status: string;
  currency_code: string;
  subtotal: number;
  discount_total: number;
  shipping_total: number;
  tax_total: number;
  total: number;
  sku: string | null;
  product_title: string | null;
  variant_title: string | null;
  quantity: number | null;
  unit_price: number | null;
}

export const ORDER_EXPORT_COLUMNS = [
  'Order',
  'Created At',
  'Email',
  'Status',
  'Payment Status',
  'Fulfillment Status',
  'Currency',
  'Subtotal',
  'Discount',
  'Shipping',
  'Tax',
  'Total',
  'Lineitem SKU',
  'Lineitem Name',
  'Lineitem Quantity',
  'Lineitem Price',
] as const;

/**
 * Orders placed in `[from, to)` as CSV, one row per line (the order's totals on each), streamed
 * keyset by order id, 200 orders a query. Amounts are decimal text in each order's currency.
 */
export async function* exportOrdersCsv(
  db: Database,
  params: { from: Date | null; to: Date | null },
): AsyncGenerator<string> {
  yield `\uFEFF${stringify([ORDER_EXPORT_COLUMNS as unknown as string[]], { record_delimiter: 'windows' })}`;
  let after = 0;
  for (;;) {
    const rows = await queryRows<ExportOrderLine>(
      db,
      sql`
      with page as (
        select * from orders o
         where o.id > ${after}
           ${params.from ? sql`and o.created_at >= ${params.from.toISOString()}` : sql``}
           ${params.to ? sql`and o.created_at < ${params.to.toISOString()}` : sql``}
         order by o.id limit ${EXPORT_CHUNK}
      )
      select o.id, o.number, o.created_at, o.email, o.status, o.payment_status, o.fulfillment_status,
             o.currency_code, o.subtotal, o.discount_total, o.shipping_total, o.tax_total, o.total,
             l.sku, l.product_title, l.variant_title, l.quantity, l.unit_price
        from page o left join order_lines l on l.order_id = o.id
       order by o.id, l.id`,
    );
    const last = rows.at(-1);
    if (!last) return;
    after = Number(last.id);
    yield stringify(
      rows.map((r) => {
        const m = (v: number | null) => (v === null ? '' : toDecimal(Number(v), r.currency_code));
        return [
          String(r.number),
          new Date(r.created_at).toISOString(),
          r.email,
          r.status,
          r.payment_status,
          r.fulfillment_status,
          r.currency_code,
          m(r.subtotal),
          m(r.discount_total),
          m(r.shipping_total),
          m(r.tax_total),
          m(r.total),
          r.sku ?? '',
          r.product_title === null ? '' : `${r.product_title} - ${r.variant_title ?? ''}`,
          r.quantity === null ? '' : String(r.quantity),
          m(r.unit_price),
        ];
      }),
      { record_delimiter: 'windows' },
    );
  }
}
