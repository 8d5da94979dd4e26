import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  CURRENCY_DIGITS,
  SUPPORTED_CURRENCIES,
  currencyDigits,
  formatMoney,
  parseDecimal,
  parseMoney,
  toDecimal,
} from './index';

describe('currency digits', () => {
  it('are the ISO 4217 exponents, not ICU display digits', () => {
    expect(currencyDigits('USD')).toBe(2);
    expect(currencyDigits('EUR')).toBe(2);
    expect(currencyDigits('GBP')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('IDR')).toBe(2); // ICU displays IDR with 0
    expect(currencyDigits('KWD')).toBe(3);
  });

  it('refuse a currency the shop does not support, with a sentence', () => {
    expect(() => currencyDigits('XXX')).toThrow('The shop does not support the currency "XXX".');
  });
});

describe('parseDecimal', () => {
  it('joins digits as text, so float-inexact values are exact', () => {
    expect(parseDecimal('0.29', 'USD')).toEqual({ ok: true, amount: 29 });
    expect(parseDecimal('19.99', 'USD')).toEqual({ ok: true, amount: 1999 });
    expect(parseDecimal('1.005', 'KWD')).toEqual({ ok: true, amount: 1005 });
    expect(parseDecimal(' 29 ', 'USD')).toEqual({ ok: true, amount: 2900 });
    expect(parseDecimal('29.5', 'EUR')).toEqual({ ok: true, amount: 2950 });
    expect(parseDecimal('29.', 'EUR')).toEqual({ ok: true, amount: 2900 });
    expect(parseDecimal('2900', 'JPY')).toEqual({ ok: true, amount: 2900 });
    expect(parseDecimal('0', 'USD')).toEqual({ ok: true, amount: 0 });
    expect(parseDecimal('50000000.00', 'IDR')).toEqual({ ok: true, amount: 5_000_000_000 });
  });

  it('rejects more fraction digits than the currency has', () => {
    expect(parseDecimal('1.999', 'USD')).toEqual({
      ok: false,
      error: 'USD amounts have at most 2 decimals.',
    });
    expect(parseDecimal('10.5', 'JPY')).toEqual({
      ok: false,
      error: 'JPY amounts have no decimals.',
    });
  });

  it('rejects signs unless allowed, exponents, grouping and garbage', () => {
    expect(parseDecimal('-1.00', 'USD')).toEqual({
      ok: false,
      error: 'The amount cannot be negative.',
    });
    expect(parseDecimal('-1.50', 'USD', { allowNegative: true })).toEqual({
      ok: true,
      amount: -150,
    });
    for (const text of ['1e3', '1,000.00', '$5', 'abc', '.5', '0x10', 'Infinity', '1.2.3']) {
      expect(parseDecimal(text, 'USD')).toEqual({
        ok: false,
        error: 'Enter a number such as 29.00.',
      });
    }
    expect(parseDecimal('', 'USD')).toEqual({ ok: false, error: 'Enter an amount.' });
    expect(parseDecimal('2.5', 'JPY').ok).toBe(false);
    expect(parseDecimal('abc', 'JPY')).toEqual({
      ok: false,
      error: 'Enter a whole number such as 2900.',
    });
  });

  it('rejects amounts over the maximum before Number can round them', () => {
    expect(parseDecimal('100.01', 'USD', { max: 10_000 })).toEqual({
      ok: false,
      error: 'The amount is larger than 100.00.',
    });
    expect(parseDecimal('123456789012345678', 'JPY').ok).toBe(false);
  });
});

describe('toDecimal and formatMoney', () => {
  it('write minor units as decimal text and as display text', () => {
    expect(toDecimal(2900, 'USD')).toBe('29.00');
    expect(toDecimal(5, 'KWD')).toBe('0.005');
    expect(toDecimal(-150, 'EUR')).toBe('-1.50');
    expect(toDecimal(2900, 'JPY')).toBe('2900');
    expect(formatMoney(2499, 'USD')).toBe('$24.99');
    expect(formatMoney(5, 'USD')).toBe('$0.05');
    expect(formatMoney(0, 'EUR')).toBe('€0.00');
    expect(formatMoney(-1250, 'USD')).toBe('-$12.50');
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'USD')).toBe('$90,071,992,547,409.91');
    expect(formatMoney(2499, 'JPY')).toBe('¥2,499');
    expect(formatMoney(2499, 'KWD')).toBe('KWD\u00a02.499');
    expect(formatMoney(5_000_000_000, 'IDR')).toBe('IDR\u00a050,000,000.00');
    expect(formatMoney(123456, 'EUR', 'de-DE')).toBe('1.234,56\u00a0€');
  });

  it('refuse a fractional or unsafe amount', () => {
    expect(() => toDecimal(1.5, 'USD')).toThrow('1.5 USD is not a whole number of minor units.');
    expect(() => formatMoney(2 ** 53, 'USD')).toThrow(RangeError);
  });
});

const LOCALES = ['en-US', 'de-DE', 'fr-FR', 'ja-JP', 'id-ID', 'en-IN'];
// Up to 2^50: well beyond 2^31 (5,000,000,000 IDR minor units is one of the cases below).
const amounts = fc.oneof(
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
  fc.integer({ min: -(2 ** 50), max: 2 ** 50 }),
  fc.constantFrom(0, 1, 5_000_000_000, 2 ** 31, 2 ** 32 + 7),
);

describe('round trip, every supported currency', () => {
  it('parseDecimal(toDecimal(x)) = x', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SUPPORTED_CURRENCIES), amounts, (currency, amount) => {
        expect(
          parseDecimal(toDecimal(amount, currency), currency, { allowNegative: true }),
        ).toEqual({
          ok: true,
          amount,
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('parseMoney(formatMoney(x)) = x in several locales', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SUPPORTED_CURRENCIES),
        fc.constantFrom(...LOCALES),
        amounts,
        (currency, locale, amount) => {
          expect(parseMoney(formatMoney(amount, currency, locale), currency, locale)).toEqual({
            ok: true,
            amount,
          });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('covers the whole table', () => {
    expect(SUPPORTED_CURRENCIES).toHaveLength(Object.keys(CURRENCY_DIGITS).length);
    expect(SUPPORTED_CURRENCIES).toEqual(
      expect.arrayContaining(['USD', 'EUR', 'GBP', 'JPY', 'IDR', 'KWD']),
    );
  });
});
