import { MAX_MINOR_UNITS, parseDecimal } from '@shop/money';
import type { ProductColumn } from './layout';
import type { CsvRow } from './read';

/** A row left out of the import, as the report lists it. */
export interface Rejection {
  line: number;
  handle: string;
  sku: string;
  reason: string;
}

export type ProductStatus = 'draft' | 'active' | 'archived';

/** The product fields a file gives (from the product's first row); absent: left as they are. */
export interface ProductFields {
  title?: string;
  description?: string;
  vendor?: string;
  productType?: string;
  tags?: string[];
  status?: ProductStatus;
}

export interface VariantDraft {
  line: number;
  sku: string;
  /** One value per option name, in option order. */
  optionValues: string[];
  /** Minor units in the import's currency; undefined: keep (an existing variant) or refuse (a new one). */
  price?: number;
  compareAt?: number | null;
  onHand?: number;
  barcode?: string;
  weightGrams?: number | null;
}

export interface ImageDraft {
  url: string;
  alt: string;
}

/** One product as the file describes it: the rows sharing a handle that passed the row checks. */
export interface ProductDraft {
  line: number;
  handle: string;
  fields: ProductFields;
  optionNames: string[];
  variants: VariantDraft[];
  images: ImageDraft[];
  /** Every row of the product in the file, including rejected ones (for the row verdicts). */
  rows: number;
}

const HANDLE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** An absolute http(s) address, or a path on the shop itself (its own media, as the seed writes). */
const IMAGE_URL = /^(https?:\/\/\S+|\/(?!\/)\S*)$/i;
const MAX_TEXT = 10_000;
const MAX_DESCRIPTION = 200_000;
const MAX_STOCK = 1_000_000_000;

function get(row: CsvRow, column: ProductColumn): string | undefined {
  return row.values.get(column);
}

/** Tags as the core keeps them: comma-separated in the file, lower case, no duplicates. */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter((t) => t !== ''),
    ),
  ];
}

function parseStatus(row: CsvRow): ProductStatus | undefined | string {
  const status = get(row, 'Status')?.toLowerCase();
  if (status) {
    if (status === 'active' || status === 'draft' || status === 'archived') return status;
    return `Status "${get(row, 'Status')}" is not one of active, draft or archived.`;
  }
  const published = get(row, 'Published')?.toLowerCase();
  if (!published) return undefined;
  if (published === 'true') return 'active';
  if (published === 'false') return 'draft';
  return `Published "${get(row, 'Published')}" is neither TRUE nor FALSE.`;
}

/** A whole number in [min, max] or a sentence saying why not; `''` is `undefined`. */
function wholeNumber(
  text: string | undefined,
  what: string,
  max: number,
): number | undefined | { error: string } {
  if (text === undefined || text === '') return undefined;
  if (!/^[+-]?\d+$/.test(text)) return { error: `${what} "${text}" is not a whole number.` };
  const n = Number(text);
  if (n < 0) return { error: `${what} cannot be negative (${text}).` };
  if (n > max) return { error: `${what} ${text} is more than ${max}.` };
  return n;
}

function money(
  text: string | undefined,
  what: string,
  currency: string,
): number | undefined | { error: string } {
  if (text === undefined || text === '') return undefined;
  const parsed = parseDecimal(text, currency, { max: MAX_MINOR_UNITS });
  if (!parsed.ok) return { error: `${what} "${text}": ${parsed.error}` };
  return parsed.amount;
}

function isError(v: unknown): v is { error: string } {
  return typeof v === 'object' && v !== null && 'error' in v;
}

const OPTION_COLUMNS = [
  ['Option1 Name', 'Option1 Value'],
  ['Option2 Name', 'Option2 Value'],
  ['Option3 Name', 'Option3 Value'],
] as const;

/**
 * The option names a product's first row declares. Shopify writes a single-variant product as
 * option "Title" = "Default Title": that is no option at all.
 */
function optionNamesOf(first: CsvRow): string[] | { error: string } {
  const names: string[] = [];
  for (const [nameColumn] of OPTION_COLUMNS) {
    const name = get(first, nameColumn) ?? '';
    if (name === '') break;
    names.push(name);
  }
  const after = OPTION_COLUMNS.slice(names.length).find(([c]) => (get(first, c) ?? '') !== '');
  if (after) return { error: `${after[0]} is given but the option before it has no name.` };
  if (new Set(names.map((n) => n.toLowerCase())).size !== names.length)
    return { error: `Option names ${names.join(', ')} repeat a name.` };
  if (names.length === 1 && names[0] === 'Title' && get(first, 'Option1 Value') === 'Default Title')
    return [];
  return names;
}

function optionValuesOf(row: CsvRow, names: readonly string[]): string[] | { error: string } {
  const values = OPTION_COLUMNS.map(([, valueColumn]) => get(row, valueColumn) ?? '');
  if (names.length === 0) {
    const extra = values.findIndex((v, i) => v !== '' && !(i === 0 && v === 'Default Title'));
    if (extra !== -1)
      return {
        error: `Option${extra + 1} Value "${values[extra]}" is given but the product's first row names no options.`,
      };
    return [];
  }
  for (let i = 0; i < 3; i++) {
    const value = values[i] ?? '';
    if (i < names.length && value === '')
      return {
        error: `Option${i + 1} Value is empty; the product's option "${names[i]}" needs one on every variant.`,
      };
    if (i >= names.length && value !== '')
      return {
        error: `Option${i + 1} Value "${value}" is given but the product has only ${names.length} option${names.length === 1 ? '' : 's'} (${names.join(', ')}).`,
      };
  }
  return values.slice(0, names.length);
}

function tooLong(text: string | undefined, max: number): boolean {
  return text !== undefined && text.length > max;
}

/**
 * Checks one product's rows (those sharing a handle, in file order) and turns them into a draft.
 * What is refused row by row, with a sentence: a bad handle, a price the currency cannot hold
 * ("12.345" for USD), a compare-at price not above the price, negative or fractional stock or
 * grams, option values that do not match the option names, a SKU missing or repeated in the
 * product. A first row that cannot be read (bad status, option names) refuses every row of the
 * product. Whether a title is needed (a new handle) is judged later, against the database.
 */
export function draftProduct(
  rows: readonly CsvRow[],
  currency: string,
): { draft: ProductDraft | null; rejections: Rejection[] } {
  const first = rows[0];
  if (!first) return { draft: null, rejections: [] };
  const handle = get(first, 'Handle') ?? '';
  const rejectAll = (reason: string, line = first.line) => ({
    draft: null,
    rejections: rows.map((r) => ({
      line: r.line,
      handle,
      sku: get(r, 'Variant SKU') ?? '',
      reason: r.line === line ? reason : `Its product's first row (line ${line}) was refused.`,
    })),
  });
  if (first.problem) return rejectAll(first.problem);
  if (handle === '') return rejectAll('The row has no Handle.');
  if (!HANDLE.test(handle) || handle.length > 255)
    return rejectAll(
      `Handle "${handle}" may only hold lower-case letters, digits and single dashes between them.`,
    );
  const status = parseStatus(first);
  if (typeof status === 'string' && !['draft', 'active', 'archived'].includes(status))
    return rejectAll(status);
  const optionNames = optionNamesOf(first);
  if (isError(optionNames)) return rejectAll(optionNames.error);
  const title = get(first, 'Title');
  const description = get(first, 'Body (HTML)');
  if (tooLong(title, 255)) return rejectAll('Title is longer than 255 characters.');
  if (tooLong(description, MAX_DESCRIPTION))
    return rejectAll(`Body (HTML) is longer than ${MAX_DESCRIPTION} characters.`);
  for (const c of ['Vendor', 'Type', 'Tags'] as const)
    if (tooLong(get(first, c), MAX_TEXT))
      return rejectAll(`${c} is longer than ${MAX_TEXT} characters.`);

  const fields: ProductFields = {};
  if (title) fields.title = title;
  if (description !== undefined) fields.description = description;
  const vendor = get(first, 'Vendor');
  if (vendor !== undefined) fields.vendor = vendor;
  const productType = get(first, 'Type');
  if (productType !== undefined) fields.productType = productType;
  const tags = get(first, 'Tags');
  if (tags !== undefined) fields.tags = parseTags(tags);
  if (status === 'draft' || status === 'active' || status === 'archived') fields.status = status;

  const rejections: Rejection[] = [];
  const variants: VariantDraft[] = [];
  const images: ImageDraft[] = [];
  const skus = new Map<string, number>();
  const combos = new Map<string, number>();
  for (const row of rows) {
    const sku = get(row, 'Variant SKU') ?? '';
    const reject = (reason: string) => rejections.push({ line: row.line, handle, sku, reason });
    if (row.problem) {
      reject(row.problem);
      continue;
    }
    const imageUrl = get(row, 'Image Src') ?? '';
    if (imageUrl !== '') {
      if (!IMAGE_URL.test(imageUrl) || imageUrl.length > 2000) {
        reject(
          `Image Src "${imageUrl.slice(0, 80)}" is not an http(s) address or a path on this shop (/media/…).`,
        );
        continue;
      }
      if (!images.some((i) => i.url === imageUrl))
        images.push({ url: imageUrl, alt: get(row, 'Image Alt Text') ?? '' });
    }
    if (sku === '') {
      // Shopify writes extra images as rows with a handle and an image only.
      if (imageUrl === '') reject('The row has no Variant SKU; every variant needs one.');
      continue;
    }
    if (sku.length > 255) {
      reject('Variant SKU is longer than 255 characters.');
      continue;
    }
    const seenAt = skus.get(sku);
    if (seenAt !== undefined) {
      reject(`SKU "${sku}" is already used on line ${seenAt} of this file.`);
      continue;
    }
    const optionValues = optionValuesOf(row, optionNames);
    if (isError(optionValues)) {
      reject(optionValues.error);
      continue;
    }
    const combo = optionValues.join('\u0001');
    const comboAt = combos.get(combo);
    if (comboAt !== undefined) {
      reject(
        optionValues.length === 0
          ? `The product has no options, so it can have one variant only (line ${comboAt} is it).`
          : `Options ${optionValues.join(' / ')} are already the variant on line ${comboAt}.`,
      );
      continue;
    }
    const price = money(get(row, 'Variant Price'), 'Variant Price', currency);
    const compareAt = money(
      get(row, 'Variant Compare At Price'),
      'Variant Compare At Price',
      currency,
    );
    const onHand = wholeNumber(
      get(row, 'Variant Inventory Qty'),
      'Variant Inventory Qty',
      MAX_STOCK,
    );
    const grams = wholeNumber(get(row, 'Variant Grams'), 'Variant Grams', MAX_STOCK);
    const barcode = get(row, 'Variant Barcode');
    const problem = [price, compareAt, onHand, grams].find(isError);
    if (problem) {
      reject(problem.error);
      continue;
    }
    if (tooLong(barcode, 255)) {
      reject('Variant Barcode is longer than 255 characters.');
      continue;
    }
    if (typeof compareAt === 'number' && typeof price === 'number' && compareAt <= price) {
      reject(
        `Variant Compare At Price ${get(row, 'Variant Compare At Price')} must be above the price ${get(row, 'Variant Price')}, or left empty.`,
      );
      continue;
    }
    skus.set(sku, row.line);
    combos.set(combo, row.line);
    const variant: VariantDraft = { line: row.line, sku, optionValues };
    if (typeof price === 'number') variant.price = price;
    if (row.values.has('Variant Compare At Price'))
      variant.compareAt = typeof compareAt === 'number' ? compareAt : null;
    if (typeof onHand === 'number') variant.onHand = onHand;
    if (barcode !== undefined) variant.barcode = barcode;
    if (row.values.has('Variant Grams'))
      variant.weightGrams = typeof grams === 'number' ? grams : null;
    variants.push(variant);
  }
  return {
    draft: { line: first.line, handle, fields, optionNames, variants, images, rows: rows.length },
    rejections,
  };
}
