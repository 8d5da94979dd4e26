import { describe, expect, it } from 'vitest';
import {
  basisPointsToPercent,
  percentToBasisPoints,
  toDiscountInput,
  toFormValues,
} from './discount-fields';

const blank = toFormValues(null);

describe('discount form fields', () => {
  it('reads percentages as basis points without floats, and back', () => {
    expect(percentToBasisPoints('12.5')).toBe(1250);
    expect(percentToBasisPoints('0.07')).toBe(7);
    expect(percentToBasisPoints('100%')).toBe(10_000);
    for (const bad of ['', '1.234', '-5', '1e2', 'ten'])
      expect(percentToBasisPoints(bad)).toBeNull();
    expect(basisPointsToPercent(1250)).toBe('12.5');
    expect(basisPointsToPercent(7)).toBe('0.07');
    expect(basisPointsToPercent(10_000)).toBe('100');
  });

  it('builds the API input: amounts in minor units, dates as UTC', () => {
    const result = toDiscountInput({
      ...blank,
      code: 'FIVE',
      type: 'fixed',
      value: '5.00',
      currencyCode: 'USD',
      minSubtotal: '30',
      startsAt: '2030-01-01T09:00',
      usageLimit: '100',
    });
    expect(result).toEqual({
      ok: true,
      input: {
        code: 'FIVE',
        type: 'fixed',
        value: 500,
        currencyCode: 'USD',
        minSubtotal: 3000,
        startsAt: new Date('2030-01-01T09:00:00Z'),
        endsAt: null,
        usageLimit: 100,
        oncePerCustomer: false,
      },
    });
  });

  it("answers the shared schema's sentences on their fields", () => {
    expect(toDiscountInput({ ...blank, code: 'X', value: '150' })).toEqual({
      ok: false,
      errors: { value: 'A percentage discount can take at most 100%' },
    });
    const dates = toDiscountInput({
      ...blank,
      code: 'X',
      value: '10',
      startsAt: '2030-02-01T00:00',
      endsAt: '2030-01-01T00:00',
      usageLimit: 'lots',
    });
    expect(dates.ok === false && dates.errors).toEqual({
      endsAt: 'The end must be after the start',
      usageLimit: 'Usage limit must be a whole number (leave it empty for no limit)',
    });
    const fixed = toDiscountInput({ ...blank, code: 'X', type: 'fixed', value: '5.001' });
    expect(fixed.ok === false && Object.keys(fixed.errors)).toEqual(['value']);
  });
});
