import { describe, expect, it } from 'vitest';
import { optionToken } from '../document';
import { buildFilter, filteredFacetFields, quote } from './filter';

/**
 * Reads one string literal the way Meilisearch's filter parser does (since 1.4: `\` escapes the
 * next character inside double quotes) and returns its value and whatever follows it.
 */
function readLiteral(text: string): { value: string; rest: string } {
  if (text[0] !== '"') throw new Error(`not a string literal: ${text}`);
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\') {
      value += text[i + 1] ?? '';
      i++;
    } else if (c === '"') {
      return { value, rest: text.slice(i + 1) };
    } else value += c;
  }
  throw new Error(`unterminated literal: ${text}`);
}

describe('quote', () => {
  const hostile = [
    '"a" OR vendor = "b"',
    'a" OR vendor = "b',
    '\\',
    'ends with a backslash \\',
    '\\" OR id > 0 OR "',
    'x\\\\" OR inStock = true',
    'Size\u001fM',
    "O'Neill",
    '',
  ];

  it.each(hostile)('keeps %j one literal whose value is exactly the input', (value) => {
    const { value: read, rest } = readLiteral(quote(value));
    expect(read).toBe(value);
    // Nothing after the literal: no operator of the value's escaped into the expression.
    expect(rest).toBe('');
  });

  it('escapes backslashes before quotes, so an escaped quote cannot be unescaped', () => {
    expect(quote('a\\"b')).toBe('"a\\\\\\"b"');
    expect(quote('"a" OR vendor = "b"')).toBe('"\\"a\\" OR vendor = \\"b\\""');
  });
});

describe('buildFilter', () => {
  it('quotes every value and keeps option names inside the tokens', () => {
    const clauses = buildFilter(
      {
        categoryHandle: 'tops',
        collectionHandle: 'summer',
        vendors: ['Acme', '"x" OR vendor = "y"'],
        options: { 'Size" OR id > 0': ['M'], Colour: ['Red', 'Blue'] },
        inStock: true,
        minPrice: 100,
        maxPrice: 5000,
        excludeIds: [7, 9],
      },
      'USD',
    );
    expect(clauses).toEqual([
      'categoryHandles = "tops"',
      'collectionHandles = "summer"',
      '(vendor = "Acme" OR vendor = "\\"x\\" OR vendor = \\"y\\"")',
      `(inStockOptionTokens = ${quote(optionToken('Size" OR id > 0', 'M'))})`,
      `(inStockOptionTokens = ${quote(optionToken('Colour', 'Red'))} OR inStockOptionTokens = ${quote(optionToken('Colour', 'Blue'))})`,
      'inStock = true',
      'price_USD_min >= 100',
      'price_USD_min <= 5000',
      'NOT id IN [7, 9]',
    ]);
  });

  it('leaves out the excepted field only, and options use all variants without in-stock', () => {
    const filters = { vendors: ['Acme'], options: { Size: ['M'], Colour: ['Red'] }, minPrice: 5 };
    expect(buildFilter(filters, 'EUR', { kind: 'option', name: 'Size' })).toEqual([
      '(vendor = "Acme")',
      `(optionTokens = ${quote(optionToken('Colour', 'Red'))})`,
      'price_EUR_min >= 5',
    ]);
    expect(buildFilter(filters, 'EUR', { kind: 'price' })).not.toContain('price_EUR_min >= 5');
    expect(buildFilter(filters, 'EUR', { kind: 'vendor' })[0]).toMatch(/^\(optionTokens/);
    expect(filteredFacetFields(filters)).toEqual([
      { kind: 'vendor' },
      { kind: 'option', name: 'Size' },
      { kind: 'option', name: 'Colour' },
      { kind: 'price' },
    ]);
  });

  it('refuses a currency or a number that would not be a plain attribute or integer', () => {
    expect(() => buildFilter({ minPrice: 1 }, 'USD_min >= 0 OR price_USD')).toThrow(
      /Not a currency code/,
    );
    expect(() => buildFilter({ minPrice: 1.5 }, 'USD')).toThrow(/Not an integer/);
    expect(() => buildFilter({ excludeIds: [Number.NaN] }, 'USD')).toThrow(/Not an integer/);
    expect(buildFilter({}, 'USD')).toEqual([]);
  });
});
