import { CommerceError } from '@shop/core';

/**
 * The product file layout: Shopify's product export, the one merchants already have. Rows
 * sharing a Handle are one product's variants; the product's own fields (title, body, vendor,
 * type, tags, status) are read from its first row. Header names are matched without regard to
 * case or surrounding spaces, and columns a file leaves out are left as they are on import.
 */
export const PRODUCT_COLUMNS = [
  'Handle',
  'Title',
  'Body (HTML)',
  'Vendor',
  'Type',
  'Tags',
  'Status',
  'Published',
  'Option1 Name',
  'Option1 Value',
  'Option2 Name',
  'Option2 Value',
  'Option3 Name',
  'Option3 Value',
  'Variant SKU',
  'Variant Price',
  'Variant Compare At Price',
  'Variant Inventory Qty',
  'Variant Barcode',
  'Variant Grams',
  'Image Src',
  'Image Alt Text',
] as const;

export type ProductColumn = (typeof PRODUCT_COLUMNS)[number];

/** The columns the export writes (Published is Status's older spelling: read, never written). */
export const EXPORT_COLUMNS = PRODUCT_COLUMNS.filter((c) => c !== 'Published');

const byLowerName = new Map<string, ProductColumn>(
  PRODUCT_COLUMNS.map((c) => [c.toLowerCase(), c]),
);

/** Which field of a record holds each known column; unknown columns are ignored. */
export type HeaderMap = ReadonlyMap<ProductColumn, number>;

/**
 * Reads the header row. Refused (nothing written): no Handle column (not a product file, or
 * no header at all), or a known column named twice (which of the two would win is a guess).
 */
export function readHeader(fields: readonly string[]): HeaderMap {
  const map = new Map<ProductColumn, number>();
  fields.forEach((raw, index) => {
    const column = byLowerName.get(raw.trim().toLowerCase());
    if (!column) return;
    if (map.has(column))
      throw new CommerceError(
        'INVALID_INPUT',
        `The header names the column "${column}" twice; keep one and upload the file again.`,
      );
    map.set(column, index);
  });
  if (!map.has('Handle'))
    throw new CommerceError(
      'INVALID_INPUT',
      'The file has no "Handle" column in its first row; upload a product CSV whose first row names the columns (Handle, Title, Variant SKU, …).',
    );
  if (!map.has('Variant SKU'))
    throw new CommerceError(
      'INVALID_INPUT',
      'The file has no "Variant SKU" column; products are matched by handle and variants by SKU, so every row needs one.',
    );
  return map;
}
