import { documentChecksum, optionTokens, type SearchDocument } from '../document';

/**
 * One product as Meilisearch stores it: the `SearchDocument` flattened into fields Meilisearch
 * can search, filter and sort on (it filters numbers and arrays of strings, not nested objects
 * keyed by currency), with the original document kept whole in `document`, which is what a
 * query returns, and its checksum beside it for `search:check`.
 */
export interface MeiliDocument {
  id: number;
  handle: string;
  title: string;
  /**
   * The title in lower case with the punctuation inside words dropped ("t-shirt" is "tshirt"):
   * Meilisearch cuts "T-Shirt" into "t" and "shirt", so a one-typo "tshrit" would have nothing
   * to be one typo away from without this field.
   */
  titleSquashed: string;
  description: string;
  vendor: string;
  productType: string;
  tags: string[];
  categoryPath: string[];
  categoryHandles: string[];
  collectionHandles: string[];
  /** `optionToken(name, value)` of every live variant's values: option names stay values. */
  optionTokens: string[];
  inStockOptionTokens: string[];
  inStock: boolean;
  /** The creation time in milliseconds since the epoch: Meilisearch sorts numbers, not dates. */
  createdAtTs: number;
  popularity: number;
  checksum: string;
  document: SearchDocument;
  /** `price_<CUR>_min` and `price_<CUR>_max` per currency the product is priced in. */
  [priceField: `price_${string}_${'min' | 'max'}`]: number;
}

/** A currency code as regions store it; anything else never becomes part of an attribute name. */
const CURRENCY = /^[A-Z]{3}$/;

/**
 * The attribute holding a document's cheapest (or dearest) price in `currency`. The code is
 * checked because it becomes part of an attribute name in filters and sorts, where no quoting
 * applies: a currency that is not three capital letters is a programming error, not input.
 */
export function priceField(
  currency: string,
  bound: 'min' | 'max' = 'min',
): `price_${string}_${'min' | 'max'}` {
  if (!CURRENCY.test(currency)) {
    throw new Error(`Not a currency code: ${JSON.stringify(currency)} (three capital letters)`);
  }
  return `price_${currency}_${bound}`;
}

/** Lower case, with the hyphens, dots and apostrophes inside words dropped. */
export function squashTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/(?<=[\p{L}\p{N}])[-'’.](?=[\p{L}\p{N}])/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function toMeiliDocument(doc: SearchDocument): MeiliDocument {
  const flat: MeiliDocument = {
    id: doc.id,
    handle: doc.handle,
    title: doc.title,
    titleSquashed: squashTitle(doc.title),
    description: doc.description,
    vendor: doc.vendor,
    productType: doc.productType,
    tags: doc.tags,
    categoryPath: doc.categoryPath,
    categoryHandles: doc.categoryHandles,
    collectionHandles: doc.collectionHandles,
    optionTokens: optionTokens(doc.options),
    inStockOptionTokens: optionTokens(doc.inStockOptions),
    inStock: doc.inStock,
    createdAtTs: Date.parse(doc.createdAt),
    popularity: doc.popularity,
    checksum: documentChecksum(doc),
    document: doc,
  };
  for (const [currency, price] of Object.entries(doc.prices)) {
    flat[priceField(currency, 'min')] = price.min;
    flat[priceField(currency, 'max')] = price.max;
  }
  return flat;
}
