import { z } from 'zod';
import { zProductCard } from './catalog';
import { zHandle, zMinorUnits, zRegionCode } from './common';

// ---- categories and collections ----

export const zCategoryLink = z.object({
  id: z.number().int(),
  handle: z.string(),
  name: z.string(),
});
export type CategoryLink = z.infer<typeof zCategoryLink>;

/** A node of the category tree, children in merchant order. */
export interface CategoryNode extends CategoryLink {
  children: CategoryNode[];
}
export const zCategoryNode: z.ZodType<CategoryNode> = z.lazy(() =>
  zCategoryLink.extend({ children: z.array(zCategoryNode) }),
);
export const zCategoryTree = z.array(zCategoryNode);

/** One category with its path from the root (for breadcrumbs) and its direct children. */
export const zCategoryDetail = zCategoryLink.extend({
  /** Root first, parent last; empty for a top-level category. */
  ancestors: z.array(zCategoryLink),
  children: z.array(zCategoryLink),
});
export type CategoryDetail = z.infer<typeof zCategoryDetail>;

export const zCollection = z.object({
  id: z.number().int(),
  handle: z.string(),
  title: z.string(),
  description: z.string(),
});
export type Collection = z.infer<typeof zCollection>;

export const zHandleInput = z.object({ handle: zHandle });

// ---- product listings ----

export const listingSorts = ['newest', 'price_asc', 'price_desc'] as const;
export const zListingSort = z.enum(listingSorts);
export type ListingSort = z.infer<typeof zListingSort>;

/** Opaque keyset cursor (base64url); the core decodes and checks it. */
export const zListingCursor = z
  .string()
  .max(200, 'cursor is too long')
  .regex(/^[A-Za-z0-9_-]+$/, 'cursor is not valid');

const zOptionName = z.string().trim().min(1).max(100);
const zOptionValue = z.string().trim().min(1).max(100);

/**
 * Option filters: option name -> accepted values, e.g. `{ Size: ['M', 'L'], Colour: ['Black'] }`.
 * Values of one option are alternatives (OR); different options must all match (AND), on the
 * same variant.
 */
export const zOptionFilter = z
  .record(zOptionName, z.array(zOptionValue).min(1).max(50))
  .refine((r) => Object.keys(r).length <= 10, 'At most 10 options can be filtered at once');
export type OptionFilter = z.infer<typeof zOptionFilter>;

export const zListingInput = z
  .object({
    region: zRegionCode.default('default'),
    categoryHandle: zHandle.optional(),
    collectionHandle: zHandle.optional(),
    sort: zListingSort.default('newest'),
    /** Only products with a variant that can be sold now (matching the option filters). */
    inStock: z.boolean().optional(),
    /** Bounds on the listed (cheapest) price, inclusive, in minor units of the region currency. */
    minPrice: zMinorUnits.optional(),
    maxPrice: zMinorUnits.optional(),
    options: zOptionFilter.optional(),
    cursor: zListingCursor.nullish(),
    limit: z
      .number()
      .int()
      .min(1, 'limit must be at least 1')
      .max(100, 'limit must be at most 100')
      .default(24),
  })
  .refine((v) => !(v.categoryHandle && v.collectionHandle), {
    message: 'Filter by a category or a collection, not both',
    path: ['collectionHandle'],
  })
  .refine((v) => v.minPrice === undefined || v.maxPrice === undefined || v.minPrice <= v.maxPrice, {
    message: 'The minimum price must not be above the maximum',
    path: ['minPrice'],
  });
export type ListingInput = z.input<typeof zListingInput>;
export type ListingParams = z.output<typeof zListingInput>;

export const zListing = z.object({
  items: z.array(zProductCard),
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type Listing = z.infer<typeof zListing>;

// ---- facets ----

export const zFacetInput = z
  .object({
    categoryHandle: zHandle.optional(),
    collectionHandle: zHandle.optional(),
  })
  .refine((v) => !(v.categoryHandle && v.collectionHandle), {
    message: 'Ask for the facets of a category or a collection, not both',
    path: ['collectionHandle'],
  });
export type FacetInput = z.input<typeof zFacetInput>;

/** Option names and the values that active products in scope actually have, in display order. */
export const zFacets = z.object({
  options: z.array(z.object({ name: z.string(), values: z.array(z.string()) })),
});
export type Facets = z.infer<typeof zFacets>;
