import { describe, expect, it } from 'vitest';
import { documentChecksum, optionToken, type SearchDocument } from '../document';
import { priceField, squashTitle, toMeiliDocument } from './document';

const doc: SearchDocument = {
  id: 42,
  handle: 'classic-t-shirt',
  title: 'Classic T-Shirt',
  description: 'Soft cotton.',
  vendor: 'Acme',
  productType: 'Shirt',
  tags: ['cotton', 'summer'],
  categoryHandles: ['apparel', 'tops'],
  categoryPath: ['Apparel', 'Tops'],
  collectionHandles: ['summer'],
  options: [
    { name: 'Size', values: ['S', 'M'] },
    { name: 'Colour', values: ['Red'] },
  ],
  inStockOptions: [{ name: 'Size', values: ['M'] }],
  prices: {
    USD: { min: 1500, max: 1800, compareAt: 2000 },
    EUR: { min: 1400, max: 1700, compareAt: null },
  },
  inStock: true,
  image: null,
  createdAt: '2026-01-02T03:04:05.678901Z',
  popularity: 12,
};

describe('toMeiliDocument', () => {
  it('flattens prices, options and the date into fields Meilisearch filters and sorts on', () => {
    const flat = toMeiliDocument(doc);
    expect(flat).toMatchObject({
      id: 42,
      title: 'Classic T-Shirt',
      titleSquashed: 'classic tshirt',
      optionTokens: [
        optionToken('Size', 'S'),
        optionToken('Size', 'M'),
        optionToken('Colour', 'Red'),
      ],
      inStockOptionTokens: [optionToken('Size', 'M')],
      createdAtTs: Date.UTC(2026, 0, 2, 3, 4, 5, 678),
      price_USD_min: 1500,
      price_USD_max: 1800,
      price_EUR_min: 1400,
      price_EUR_max: 1700,
      checksum: documentChecksum(doc),
      popularity: 12,
    });
    // The original comes back whole from a query, and its checksum is the one `search:check`
    // compares with a fresh build.
    expect(flat.document).toEqual(doc);
    expect(Object.keys(flat).filter((k) => k.startsWith('price_'))).toHaveLength(4);
  });

  it('has no price field for a currency the product is not priced in', () => {
    const flat = toMeiliDocument({ ...doc, prices: {} });
    expect(Object.keys(flat).some((k) => k.startsWith('price_'))).toBe(false);
  });

  it('squashes punctuation inside words only', () => {
    expect(squashTitle("Men's  Rain-Jacket 2.0 - Blue")).toBe('mens rainjacket 20 - blue');
  });

  it('names price fields only for three-letter currency codes', () => {
    expect(priceField('USD')).toBe('price_USD_min');
    expect(priceField('USD', 'max')).toBe('price_USD_max');
    expect(() => priceField('usd')).toThrow(/Not a currency code/);
    expect(() => priceField('US D')).toThrow(/Not a currency code/);
  });
});
