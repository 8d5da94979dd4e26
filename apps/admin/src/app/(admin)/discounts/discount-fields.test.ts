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

describe('the minimum subtotal’s currency', () => {
  it('sends the currency with a percentage code’s minimum, and none without a minimum', () => {
    const withMinimum = toDiscountInput({
      ...blank,
      code: 'EUR10',
      value: '10',
      currencyCode: 'EUR',
      minSubtotal: '50',
    });
    expect(withMinimum.ok && withMinimum.input).toMatchObject({
      type: 'percentage',
      value: 1000,
      currencyCode: 'EUR',
      minSubtotal: 5000,
    });
    const without = toDiscountInput({ ...blank, code: 'ANY10', value: '10', currencyCode: 'EUR' });
    expect(without.ok && without.input).toMatchObject({ currencyCode: null, minSubtotal: null });
    // Amounts are read in the currency's digits: yen have none.
    const yen = toDiscountInput({
      ...blank,
      code: 'JPY',
      type: 'free_shipping',
      currencyCode: 'JPY',
      minSubtotal: '5000',
    });
    expect(yen.ok && yen.input).toMatchObject({ currencyCode: 'JPY', minSubtotal: 5000 });
  });

  it('asks for a currency for a minimum saved without one, instead of guessing', () => {
    const legacy = toFormValues({
      id: 1,
      code: 'OLD',
      type: 'percentage',
      value: 500,
      currencyCode: null,
      minSubtotal: 3000,
      startsAt: null,
      endsAt: null,
      usageLimit: null,
      usageCount: 0,
      redemptions: 0,
      oncePerCustomer: false,
      archived: false,
      status: 'active',
      createdAt: new Date(0),
    });
    expect(legacy).toMatchObject({ currencyCode: '', minSubtotal: '30.00' });
    expect(toDiscountInput(legacy)).toEqual({
      ok: false,
      errors: { currencyCode: 'A minimum subtotal needs the currency it is in' },
    });
  });
});
