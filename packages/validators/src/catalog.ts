import { z } from 'zod';
import { zHandle, zMoney, zPage, zPageInput, zRegionCode } from './common';
import { zProductStatus } from './product-edit';

export const zRegion = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  currencyCode: z.string(),
  taxInclusive: z.boolean(),
  taxRateBp: z.number().int(),
});
export type Region = z.infer<typeof zRegion>;

export const zImage = z.object({
  url: z.string(),
  alt: z.string(),
  width: z.number().int(),
  height: z.number().int(),
});
export type Image = z.infer<typeof zImage>;

/** A product in a list: the cheapest variant's price in the shopper's region. */
export const zProductCard = z.object({
  id: z.number().int(),
  handle: z.string(),
  title: z.string(),
  thumbnail: zImage.nullable(),
  price: zMoney.nullable(),
  compareAtPrice: zMoney.nullable(),
  inStock: z.boolean(),
});
export type ProductCard = z.infer<typeof zProductCard>;

export const zVariant = z.object({
  id: z.number().int(),
  sku: z.string(),
  title: z.string(),
  /** Option name -> value, e.g. { Size: 'M', Colour: 'Black' }. */
  options: z.record(z.string(), z.string()),
  price: zMoney.nullable(),
  compareAtPrice: zMoney.nullable(),
  available: z.number().int(),
  inStock: z.boolean(),
});
export type Variant = z.infer<typeof zVariant>;

export const zProductDetail = z.object({
  id: z.number().int(),
  handle: z.string(),
  title: z.string(),
  description: z.string(),
  images: z.array(zImage),
  options: z.array(z.object({ name: z.string(), values: z.array(z.string()) })),
  variants: z.array(zVariant),
  region: zRegion,
});
export type ProductDetail = z.infer<typeof zProductDetail>;

export const zProductListInput = zPageInput.extend({ region: zRegionCode.default('default') });
export type ProductListInput = z.input<typeof zProductListInput>;
export const zProductList = zPage(zProductCard);
export type ProductList = z.infer<typeof zProductList>;

export const zProductByHandleInput = z.object({
  handle: zHandle,
  region: zRegionCode.default('default'),
});

// ---- admin ----

export const zAdminProductRow = z.object({
  id: z.number().int(),
  handle: z.string(),
  title: z.string(),
  status: zProductStatus,
  variantCount: z.number().int(),
  updatedAt: z.date(),
});
export type AdminProductRow = z.infer<typeof zAdminProductRow>;

export const zAdminProductListInput = zPageInput.extend({
  query: z.string().trim().max(200, 'Search text must be at most 200 characters').optional(),
});
export const zAdminProductList = zPage(zAdminProductRow);
