import { describe, expect, it } from 'vitest';
import { formatMinorUnits, parseMajorUnits } from './money';

describe('parseMajorUnits', () => {
  it('turns decimal text into exact integer minor units', () => {
    expect(parseMajorUnits('29.00', 'USD')).toEqual({ ok: true, amount: 2900 });
    expect(parseMajorUnits('29', 'USD')).toEqual({ ok: true, amount: 2900 });
    expect(parseMajorUnits(' 29.5 ', 'EUR')).toEqual({ ok: true, amount: 2950 });
    // Values whose float products are inexact (0.29 * 100 = 28.999999999999996, 1.005 * 1000).
    expect(parseMajorUnits('0.29', 'USD')).toEqual({ ok: true, amount: 29 });
    expect(parseMajorUnits('19.99', 'USD')).toEqual({ ok: true, amount: 1999 });
    expect(parseMajorUnits('1.005', 'KWD')).toEqual({ ok: true, amount: 1005 });
    expect(parseMajorUnits('2900', 'JPY')).toEqual({ ok: true, amount: 2900 });
    expect(parseMajorUnits('0', 'USD')).toEqual({ ok: true, amount: 0 });
  });

  it('refuses text that is not a price, and decimals the currency does not have', () => {
    expect(parseMajorUnits('', 'USD')).toMatchObject({ ok: false, error: 'Enter a price' });
    expect(parseMajorUnits('29,00', 'USD')).toMatchObject({ ok: false });
    expect(parseMajorUnits('-1', 'USD')).toMatchObject({ ok: false });
    expect(parseMajorUnits('1e3', 'USD')).toMatchObject({ ok: false });
    expect(parseMajorUnits('29.999', 'USD')).toMatchObject({
      ok: false,
      error: 'USD prices have at most 2 decimals',
    });
    expect(parseMajorUnits('29.5', 'JPY')).toMatchObject({
      ok: false,
      error: 'JPY prices have no decimals',
    });
    expect(parseMajorUnits('99999999999999999999', 'USD')).toMatchObject({
      ok: false,
      error: 'Price is too large',
    });
    expect(parseMajorUnits('1000001', 'USD')).toMatchObject({
      ok: false,
      error: 'Amount is too large',
    });
  });
});

describe('formatMinorUnits', () => {
  it('writes minor units with the currency’s decimals', () => {
    expect(formatMinorUnits(2900, 'USD')).toBe('29.00');
    expect(formatMinorUnits(5, 'USD')).toBe('0.05');
    expect(formatMinorUnits(2900, 'JPY')).toBe('2900');
    expect(formatMinorUnits(1005, 'KWD')).toBe('1.005');
  });
});
