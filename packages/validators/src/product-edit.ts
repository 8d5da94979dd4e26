import { z } from 'zod';
import { zCurrencyCode, zHandle, zId, zMinorUnits } from './common';

/**
 * The admin's product editor: what staff create and save, shared by the router (which parses
 * it) and the form (which validates with it before sending). A save is whole: options, the
 * variant matrix they generate, prices, and the product's categories and collections.
 */

export const zProductStatus = z.enum(['draft', 'active', 'archived']);
export type ProductStatus = z.infer<typeof zProductStatus>;

/** At most this many options (Size, Colour, Material) and variants per product. */
export const MAX_PRODUCT_OPTIONS = 3;
export const MAX_PRODUCT_VARIANTS = 100;

const zLabel = (what: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `${what} is required`)
    .max(max, `${what} must be at most ${max} characters`);

export const zProductTitle = zLabel('Title', 200);

export const zProductOptionInput = z.object({
  /** The saved option being edited (renaming keeps its variants); absent: a new option. */
  id: zId.optional(),
  name: zLabel('Option name', 60),
  values: z
    .array(zLabel('Option value', 60))
    .min(1, 'An option needs at least one value')
    .max(50, 'An option has at most 50 values'),
});
export type ProductOptionInput = z.infer<typeof zProductOptionInput>;

/** A price of one variant in one currency, in minor units; compare-at is the "was" price. */
export const zVariantPriceInput = z.object({
  currencyCode: zCurrencyCode,
  amount: zMinorUnits,
  compareAtAmount: zMinorUnits.nullable().default(null),
});

export const zSku = z
  .string()
  .trim()
  .min(1, 'SKU is required')
  .max(100, 'SKU must be at most 100 characters')
  .regex(/^\S+$/, 'SKU cannot contain spaces');

export const zVariantInput = z.object({
  /** The saved variant being edited; absent: matched by SKU among the product's variants, else new. */
  id: zId.optional(),
  /** One value per option, in the options' order ([] for a product without options). */
  optionValues: z.array(z.string().trim()).max(MAX_PRODUCT_OPTIONS),
  sku: zSku,
  barcode: z.string().trim().max(64, 'Barcode must be at most 64 characters').default(''),
  weightGrams: z
    .number({ message: 'Weight must be a number of grams' })
    .int('Weight must be a whole number of grams')
    .min(0, 'Weight cannot be negative')
    .max(1_000_000, 'Weight must be at most 1,000,000 grams')
    .nullable()
    .default(null),
  prices: z.array(zVariantPriceInput).max(20).default([]),
});
export type VariantInput = z.infer<typeof zVariantInput>;

const zTag = z.string().trim().toLowerCase().min(1).max(60, 'A tag has at most 60 characters');

/** The product's fields, without the rules that tie options to variants (see `checkMatrix`). */
const zProductFields = z.object({
  title: zProductTitle,
  /** Empty or absent: made from the title (`handleFromTitle`), deduplicated with -2, -3. */
  handle: z.union([zHandle, z.literal('')]).optional(),
  description: z.string().max(10_000, 'Description must be at most 10,000 characters'),
  status: zProductStatus,
  vendor: z.string().trim().max(200, 'Vendor must be at most 200 characters'),
  productType: z.string().trim().max(200, 'Type must be at most 200 characters'),
  tags: z
    .array(zTag)
    .max(50, 'A product has at most 50 tags')
    .transform((tags) => [...new Set(tags)]),
  seoTitle: z.string().trim().max(200, 'SEO title must be at most 200 characters'),
  seoDescription: z.string().trim().max(500, 'SEO description must be at most 500 characters'),
  options: z
    .array(zProductOptionInput)
    .max(MAX_PRODUCT_OPTIONS, `A product has at most ${MAX_PRODUCT_OPTIONS} options`),
  variants: z
    .array(zVariantInput)
    .min(1, 'A product needs at least one variant')
    .max(MAX_PRODUCT_VARIANTS, `A product has at most ${MAX_PRODUCT_VARIANTS} variants`),
  categoryIds: z.array(zId).max(50, 'A product is in at most 50 categories'),
  collectionIds: z.array(zId).max(50, 'A product is in at most 50 collections'),
});

/**
 * Every combination of the options' values, in order (the first option varies slowest):
 * Size [S, M] × Colour [Red, Blue] → S/Red, S/Blue, M/Red, M/Blue. No options: one empty
 * combination, the product's single variant.
 */
export function variantCombinations(options: ReadonlyArray<{ values: readonly string[] }>) {
  return options.reduce<string[][]>(
    (combos, option) => combos.flatMap((combo) => option.values.map((value) => [...combo, value])),
    [[]],
  );
}

/** A variant's title: its values joined ("M / Red"), or "Default" without options. */
export function variantTitle(optionValues: readonly string[]): string {
  return optionValues.length > 0 ? optionValues.join(' / ') : 'Default';
}

const comboKey = (values: readonly string[]) => JSON.stringify(values);

type MatrixInput = {
  options?: ReadonlyArray<{ name: string; values: readonly string[] }>;
  variants?: ReadonlyArray<{
    optionValues: readonly string[];
    sku: string;
    prices?: ReadonlyArray<{ amount: number; compareAtAmount: number | null }>;
  }>;
};

/**
 * The rules between options and variants, as zod issues: option names and values unique,
 * exactly one variant per combination of values, SKUs unique within the product, compare-at
 * above the price.
 */
function checkMatrix(value: MatrixInput, ctx: z.RefinementCtx) {
  const options = value.options;
  const variants = value.variants;
  if (!options || !variants) return;
  const names = new Set<string>();
  options.forEach((option, i) => {
    const name = option.name.toLowerCase();
    if (names.has(name))
      ctx.addIssue({
        code: 'custom',
        path: ['options', i, 'name'],
        message: `The option ${option.name} is listed twice`,
      });
    names.add(name);
    const seen = new Set<string>();
    option.values.forEach((v, j) => {
      if (seen.has(v.toLowerCase()))
        ctx.addIssue({
          code: 'custom',
          path: ['options', i, 'values', j],
          message: `${option.name} lists ${v} twice`,
        });
      seen.add(v.toLowerCase());
    });
  });
  const combos = variantCombinations(options);
  if (combos.length > MAX_PRODUCT_VARIANTS) {
    ctx.addIssue({
      code: 'custom',
      path: ['options'],
      message: `These options make ${combos.length} variants; a product has at most ${MAX_PRODUCT_VARIANTS}`,
    });
    return;
  }
  const wanted = new Set(combos.map(comboKey));
  const given = new Set<string>();
  const skus = new Map<string, number>();
  variants.forEach((variant, i) => {
    const key = comboKey(variant.optionValues);
    if (!wanted.has(key))
      ctx.addIssue({
        code: 'custom',
        path: ['variants', i, 'optionValues'],
        message: `${variantTitle(variant.optionValues)} is not a combination of the options`,
      });
    else if (given.has(key))
      ctx.addIssue({
        code: 'custom',
        path: ['variants', i, 'optionValues'],
        message: `${variantTitle(variant.optionValues)} is listed twice`,
      });
    given.add(key);
    const sku = variant.sku.toLowerCase();
    if (skus.has(sku))
      ctx.addIssue({
        code: 'custom',
        path: ['variants', i, 'sku'],
        message: `SKU ${variant.sku} is used by two variants`,
      });
    skus.set(sku, i);
    variant.prices?.forEach((p, j) => {
      if (p.compareAtAmount !== null && p.compareAtAmount <= p.amount)
        ctx.addIssue({
          code: 'custom',
          path: ['variants', i, 'prices', j, 'compareAtAmount'],
          message: 'Compare-at price must be higher than the price',
        });
    });
  });
  const missing = combos.find((combo) => !given.has(comboKey(combo)));
  if (missing)
    ctx.addIssue({
      code: 'custom',
      path: ['variants'],
      message: `The variant ${variantTitle(missing)} is missing`,
    });
}

export const zProductCreateInput = zProductFields
  .extend({
    description: zProductFields.shape.description.default(''),
    status: zProductStatus.default('draft'),
    vendor: zProductFields.shape.vendor.default(''),
    productType: zProductFields.shape.productType.default(''),
    tags: zProductFields.shape.tags.default([]),
    seoTitle: zProductFields.shape.seoTitle.default(''),
    seoDescription: zProductFields.shape.seoDescription.default(''),
    options: zProductFields.shape.options.default([]),
    categoryIds: zProductFields.shape.categoryIds.default([]),
    collectionIds: zProductFields.shape.collectionIds.default([]),
  })
  .superRefine(checkMatrix);
export type ProductCreateInput = z.infer<typeof zProductCreateInput>;
export type ProductCreateForm = z.input<typeof zProductCreateInput>;

/** One price of a saved variant (the price-only edit integrations and older callers use). */
export const zVariantPrice = z.object({
  variantId: zId,
  currencyCode: zCurrencyCode,
  amount: zMinorUnits,
  compareAtAmount: zMinorUnits.nullable().default(null),
});
export type VariantPrice = z.infer<typeof zVariantPrice>;

/**
 * A save of an existing product: every field optional (absent: unchanged). `options` and
 * `variants` come together, and then are the whole matrix: variants left out are archived.
 */
export const zProductUpdateInput = zProductFields
  .partial()
  .extend({
    id: zId,
    prices: z.array(zVariantPrice).max(1000).optional(),
  })
  .superRefine((value, ctx) => {
    if ((value.options === undefined) !== (value.variants === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [value.options === undefined ? 'options' : 'variants'],
        message: 'Options and variants are saved together',
      });
    value.prices?.forEach((p, i) => {
      if (p.compareAtAmount !== null && p.compareAtAmount <= p.amount)
        ctx.addIssue({
          code: 'custom',
          path: ['prices', i, 'compareAtAmount'],
          message: 'Compare-at price must be higher than the price',
        });
    });
    checkMatrix(value, ctx);
  });
export type ProductUpdateInput = z.infer<typeof zProductUpdateInput>;

export const zAdminProduct = z.object({
  id: z.number().int(),
  handle: z.string(),
  title: z.string(),
  description: z.string(),
  status: zProductStatus,
  vendor: z.string(),
  productType: z.string(),
  tags: z.array(z.string()),
  seoTitle: z.string(),
  seoDescription: z.string(),
  updatedAt: z.date(),
  currencies: z.array(z.string()),
  options: z.array(
    z.object({ id: z.number().int(), name: z.string(), values: z.array(z.string()) }),
  ),
  variants: z.array(
    z.object({
      id: z.number().int(),
      sku: z.string(),
      title: z.string(),
      optionValues: z.array(z.string()),
      barcode: z.string(),
      weightGrams: z.number().int().nullable(),
      archived: z.boolean(),
      prices: z.array(
        z.object({
          currencyCode: z.string(),
          amount: z.number().int(),
          compareAtAmount: z.number().int().nullable(),
        }),
      ),
    }),
  ),
  categoryIds: z.array(z.number().int()),
  collectionIds: z.array(z.number().int()),
});
export type AdminProduct = z.infer<typeof zAdminProduct>;

/** Categories and collections a product can be put in (the editor's pickers). */
export const zCatalogGroup = z.object({
  id: z.number().int(),
  handle: z.string(),
  name: z.string(),
  /** Categories: the path from the root ("Apparel / T-shirts"); collections: the title. */
  path: z.string(),
});
export type CatalogGroup = z.infer<typeof zCatalogGroup>;

/** What the editor offers: currencies to price in, categories and collections to join. */
export const zProductEditorChoices = z.object({
  currencies: z.array(z.string()),
  categories: z.array(zCatalogGroup),
  collections: z.array(zCatalogGroup),
});
export type ProductEditorChoices = z.infer<typeof zProductEditorChoices>;

/**
 * A handle made from a title: letters transliterated to ASCII (é → e, ß → ss, ø → o), lower
 * case, every other run of characters one dash, at most 200 characters. Empty when nothing of
 * the title survives (a title in a script without a Latin spelling): the core then uses
 * "product".
 */
export function handleFromTitle(title: string): string {
  const ascii = title
    .replace(/ß/g, 'ss')
    .replace(/[Ææ]/g, 'ae')
    .replace(/[Œœ]/g, 'oe')
    .replace(/[Øø]/g, 'o')
    .replace(/[Łł]/g, 'l')
    .replace(/[Đđ]/g, 'd')
    .replace(/[Þþ]/g, 'th')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  return ascii
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 190)
    .replace(/-+$/, '');
}
