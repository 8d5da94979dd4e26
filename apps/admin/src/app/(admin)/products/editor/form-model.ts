import { toNestErrors } from '@hookform/resolvers';
import type { FieldError, Resolver } from 'react-hook-form';
import { MAX_MINOR_UNITS, parseDecimal, toDecimal } from '@shop/money';
import {
  handleFromTitle,
  variantCombinations,
  variantTitle,
  zProductCreateInput,
  zProductUpdateInput,
  type AdminProduct,
  type ProductCreateInput,
  type ProductUpdateInput,
} from '@shop/validators';

/**
 * The product editor's form: what the inputs hold (text, as typed) and how it becomes the
 * shared schema's input (`zProductCreateInput` / `zProductUpdateInput`), which validates it in
 * the browser with the router's own rules before anything is sent.
 */

/** One currency's price inputs of a variant, in major units as typed ("29.00"). */
export type PriceCell = { amount: string; compareAt: string };

export type VariantRow = {
  id?: number;
  optionValues: string[];
  sku: string;
  barcode: string;
  /** Grams as typed; empty: unknown. */
  weight: string;
  /** Aligned with the editor's currencies. */
  prices: PriceCell[];
  /** Whether a price was saved in that currency (it can be changed, not removed). */
  saved: boolean[];
};

/** `values` is the comma-separated text of the input ("S, M, L"). */
export type OptionRow = { id?: number; name: string; values: string };

export type ProductFormValues = {
  title: string;
  handle: string;
  description: string;
  status: 'draft' | 'active' | 'archived';
  vendor: string;
  productType: string;
  tags: string;
  seoTitle: string;
  seoDescription: string;
  options: OptionRow[];
  variants: VariantRow[];
  categoryIds: string[];
  collectionIds: string[];
};

export type ProductSaveInput = ProductCreateInput | ProductUpdateInput;

/** "S, M ,, L" → ["S", "M", "L"]. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function priceCells(
  variant: AdminProduct['variants'][number] | undefined,
  currencies: readonly string[],
) {
  return currencies.map((currency) => {
    const price = variant?.prices.find((p) => p.currencyCode === currency);
    return {
      cell: {
        amount: price ? toDecimal(price.amount, currency) : '',
        compareAt:
          price && price.compareAtAmount !== null ? toDecimal(price.compareAtAmount, currency) : '',
      },
      saved: price !== undefined,
    };
  });
}

function rowOf(
  variant: AdminProduct['variants'][number],
  currencies: readonly string[],
): VariantRow {
  const cells = priceCells(variant, currencies);
  return {
    id: variant.id,
    optionValues: variant.optionValues,
    sku: variant.sku,
    barcode: variant.barcode,
    weight: variant.weightGrams === null ? '' : String(variant.weightGrams),
    prices: cells.map((c) => c.cell),
    saved: cells.map((c) => c.saved),
  };
}

/** The form's starting values: the saved product, or an empty draft with one variant. */
export function formValuesOf(
  product: AdminProduct | null,
  currencies: readonly string[],
): ProductFormValues {
  if (!product)
    return {
      title: '',
      handle: '',
      description: '',
      status: 'draft',
      vendor: '',
      productType: '',
      tags: '',
      seoTitle: '',
      seoDescription: '',
      options: [],
      variants: [newRow([], '', currencies)],
      categoryIds: [],
      collectionIds: [],
    };
  return {
    title: product.title,
    handle: product.handle,
    description: product.description,
    status: product.status,
    vendor: product.vendor,
    productType: product.productType,
    tags: product.tags.join(', '),
    seoTitle: product.seoTitle,
    seoDescription: product.seoDescription,
    options: product.options.map((o) => ({ id: o.id, name: o.name, values: o.values.join(', ') })),
    variants: product.variants.filter((v) => !v.archived).map((v) => rowOf(v, currencies)),
    categoryIds: product.categoryIds.map(String),
    collectionIds: product.collectionIds.map(String),
  };
}

/** A suggested SKU: the handle's letters and the values ("TEE-M-RED"); staff can change it. */
export function suggestSku(base: string, optionValues: readonly string[]): string {
  return [handleFromTitle(base) || 'SKU', ...optionValues.map((v) => handleFromTitle(v) || 'X')]
    .join('-')
    .toUpperCase()
    .slice(0, 100);
}

function newRow(
  optionValues: string[],
  skuBase: string,
  currencies: readonly string[],
): VariantRow {
  return {
    optionValues,
    sku: skuBase ? suggestSku(skuBase, optionValues) : '',
    barcode: '',
    weight: '',
    prices: currencies.map(() => ({ amount: '', compareAt: '' })),
    saved: currencies.map(() => false),
  };
}

const key = (values: readonly string[]) => JSON.stringify(values);

/** The combinations the options make now, as keys (to tell whether the matrix must change). */
export function matrixKey(options: readonly OptionRow[]): string {
  return key(combinationsOf(options).map(key));
}

/** The combinations, skipping options with no value yet (so typing one keeps the rows). */
function combinationsOf(options: readonly OptionRow[]): string[][] {
  return variantCombinations(
    options.map((o) => ({ values: splitList(o.values) })).filter((o) => o.values.length > 0),
  );
}

/**
 * The variant rows for the options as they are now: a combination keeps its row (what staff
 * typed stays), one that comes back gets its archived variant again, a new one gets a row with
 * a suggested SKU and the first row's prices. Rows of combinations that are gone are dropped
 * (saving archives their variants).
 */
export function rebuildMatrix(params: {
  options: readonly OptionRow[];
  rows: readonly VariantRow[];
  archived: readonly AdminProduct['variants'][number][];
  skuBase: string;
  currencies: readonly string[];
}): VariantRow[] {
  const combos = combinationsOf(params.options);
  const byCombo = new Map(params.rows.map((r) => [key(r.optionValues), r]));
  const archivedByCombo = new Map(params.archived.map((v) => [key(v.optionValues), v]));
  const template = params.rows[0];
  const exact = new Set(combos.map(key));
  const taken = new Set<VariantRow>();
  // A row whose values begin the combination (the variant "S" when Colour is added, the one
  // variant of a product that had no options) becomes that combination: the variant, its SKU
  // and prices carry over instead of being archived.
  const extendable = (combo: readonly string[]) =>
    params.rows.find(
      (r) =>
        !taken.has(r) &&
        !exact.has(key(r.optionValues)) &&
        r.optionValues.length < combo.length &&
        r.optionValues.every((v, i) => combo[i] === v),
    );
  return combos.map((combo) => {
    const kept = byCombo.get(key(combo));
    if (kept) return kept;
    const grown = extendable(combo);
    if (grown) {
      taken.add(grown);
      return {
        ...grown,
        optionValues: combo,
        // A SKU staff did not change (still the suggestion) follows the values.
        sku:
          !grown.sku || grown.sku === suggestSku(params.skuBase, grown.optionValues)
            ? suggestSku(params.skuBase, combo)
            : grown.sku,
      };
    }
    const archived = archivedByCombo.get(key(combo));
    if (archived) return rowOf(archived, params.currencies);
    const row = newRow(combo, params.skuBase, params.currencies);
    return template
      ? { ...row, prices: template.prices.map((p) => ({ ...p })), weight: template.weight }
      : row;
  });
}

type Built = {
  input: Record<string, unknown>;
  errors: Record<string, FieldError>;
  /** Per variant: the index in the input's prices → the currency's column. */
  priceColumns: number[][];
};

function build(values: ProductFormValues, currencies: readonly string[]): Built {
  const errors: Record<string, FieldError> = {};
  const fail = (path: string, message: string) => {
    errors[path] ??= { type: 'validate', message };
  };
  const priceColumns: number[][] = [];
  const variants = values.variants.map((row, i) => {
    const columns: number[] = [];
    const prices: Array<{ currencyCode: string; amount: number; compareAtAmount: number | null }> =
      [];
    currencies.forEach((currency, j) => {
      const cell = row.prices[j] ?? { amount: '', compareAt: '' };
      if (cell.amount.trim() === '' && cell.compareAt.trim() === '') {
        if (row.saved[j])
          fail(`variants.${i}.prices.${j}.amount`, 'A price cannot be removed, only changed');
        return;
      }
      const amount = parseDecimal(cell.amount, currency, { max: MAX_MINOR_UNITS });
      if (!amount.ok) return fail(`variants.${i}.prices.${j}.amount`, amount.error);
      let compareAtAmount: number | null = null;
      if (cell.compareAt.trim() !== '') {
        const compareAt = parseDecimal(cell.compareAt, currency, { max: MAX_MINOR_UNITS });
        if (!compareAt.ok) return fail(`variants.${i}.prices.${j}.compareAt`, compareAt.error);
        compareAtAmount = compareAt.amount;
      }
      columns.push(j);
      prices.push({ currencyCode: currency, amount: amount.amount, compareAtAmount });
    });
    priceColumns.push(columns);
    const weightText = row.weight.trim();
    let weightGrams: number | null = null;
    if (weightText !== '') {
      if (!/^\d+$/.test(weightText))
        fail(`variants.${i}.weight`, 'Weight must be a whole number of grams');
      else weightGrams = Number(weightText);
    }
    return {
      ...(row.id !== undefined ? { id: row.id } : {}),
      optionValues: row.optionValues,
      sku: row.sku,
      barcode: row.barcode,
      weightGrams,
      prices,
    };
  });
  const input = {
    title: values.title,
    handle: values.handle.trim(),
    description: values.description,
    status: values.status,
    vendor: values.vendor,
    productType: values.productType,
    tags: splitList(values.tags),
    seoTitle: values.seoTitle,
    seoDescription: values.seoDescription,
    options: values.options.map((o) => ({
      ...(o.id !== undefined ? { id: o.id } : {}),
      name: o.name,
      values: splitList(o.values),
    })),
    variants,
    categoryIds: values.categoryIds.map(Number),
    collectionIds: values.collectionIds.map(Number),
  };
  return { input, errors, priceColumns };
}

/** The form field a schema issue is about (its path in the input → the input's name). */
function fieldPath(path: ReadonlyArray<PropertyKey>, priceColumns: number[][]): string {
  const [head, index, sub, priceIndex, field] = path;
  if (head === 'variants' && typeof index === 'number') {
    if (sub === 'prices' && typeof priceIndex === 'number') {
      const column = priceColumns[index]?.[priceIndex] ?? 0;
      return `variants.${index}.prices.${column}.${field === 'compareAtAmount' ? 'compareAt' : 'amount'}`;
    }
    if (sub === 'weightGrams') return `variants.${index}.weight`;
    if (sub === 'sku' || sub === 'barcode') return `variants.${index}.${sub}`;
    return 'root.matrix';
  }
  if (head === 'variants') return 'root.matrix';
  if (head === 'options' && typeof index === 'number')
    return `options.${index}.${sub === 'name' ? 'name' : 'values'}`;
  if (head === 'options') return 'root.matrix';
  if (head === 'categoryIds' || head === 'collectionIds' || head === 'tags') return String(head);
  return typeof head === 'string' ? head : 'root.form';
}

/**
 * The form's resolver: builds the input (prices parsed with `@shop/money`, weights as grams),
 * then validates it with the router's schema, so a mistake shows next to its field before the
 * save is sent. `productId` null: a create.
 */
export function productResolver(
  currencies: readonly string[],
  productId: number | null,
): Resolver<ProductFormValues, unknown, ProductSaveInput> {
  return (values, _context, options) => {
    const built = build(values, currencies);
    const parsed =
      productId === null
        ? zProductCreateInput.safeParse(built.input)
        : zProductUpdateInput.safeParse({ ...built.input, id: productId });
    const errors = { ...built.errors };
    if (!parsed.success)
      for (const issue of parsed.error.issues) {
        const path = fieldPath(issue.path, built.priceColumns);
        errors[path] ??= { type: 'validate', message: issue.message };
      }
    if (parsed.success && Object.keys(errors).length === 0)
      return { values: parsed.data, errors: {} };
    return { values: {}, errors: toNestErrors(errors, options) };
  };
}

export { variantTitle };
