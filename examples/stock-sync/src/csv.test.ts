import { describe, expect, it } from 'vitest';
import { batchesOf, CsvError, parseStockCsv } from './csv.ts';

describe('parseStockCsv', () => {
  it('reads sku and quantity in any column order, with quotes, CRLF, a BOM and blank lines', () => {
    const text = '\uFEFFquantity,SKU,location\r\n4,TEE-S,\r\n\r\n"12"," A,""B"" ",annex\r\n';
    expect(parseStockCsv(text)).toEqual([
      { sku: 'TEE-S', onHand: 4 },
      { sku: 'A,"B"', onHand: 12, location: 'annex' },
    ]);
  });

  it('passes negative and fractional counts on for the shop to refuse by SKU', () => {
    expect(parseStockCsv('sku,quantity\nA,-1\nB,2.5\n')).toEqual([
      { sku: 'A', onHand: -1 },
      { sku: 'B', onHand: 2.5 },
    ]);
  });

  it('names the line of what it cannot read', () => {
    const error = (text: string) => {
      try {
        parseStockCsv(text);
      } catch (err) {
        if (err instanceof CsvError) return err.message;
        throw err;
      }
      throw new Error('expected a CsvError');
    };
    expect(error('')).toBe('The file is empty: expected a "sku,quantity" header.');
    expect(error('code,count\nA,1')).toBe(
      'Line 1: the header must name the columns "sku" and "quantity" (it has code, count).',
    );
    expect(error('sku,quantity\nA,1\nB,many')).toBe(
      'Line 3: the quantity of B is "many", not a number.',
    );
    expect(error('sku,quantity\n,1')).toBe('Line 2: the sku is empty.');
    expect(error('sku,quantity\n"A,1')).toBe('Line 2: a quoted field is not closed.');
  });
});

describe('batchesOf', () => {
  it('splits 1,201 lines into calls of 500, 500 and 201', () => {
    const lines = Array.from({ length: 1201 }, (_, i) => i);
    expect(batchesOf(lines, 500).map((b) => b.length)).toEqual([500, 500, 201]);
    expect(batchesOf(lines, 500).flat()).toEqual(lines);
  });
});
