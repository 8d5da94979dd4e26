import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, percentOf, roundHalfUp, taxIncludedIn } from './rounding';
import { computeTotals } from './totals';

describe('rounding', () => {
  it('rounds half up', () => {
    expect(roundHalfUp(5, 2)).toBe(3);
    expect(roundHalfUp(7, 3)).toBe(2);
    expect(roundHalfUp(8, 3)).toBe(3);
    expect(percentOf(1999, 2000)).toBe(400); // 399.8
    expect(percentOf(125, 1000)).toBe(13); // 12.5 -> 13
  });

  it('splits tax out of an inclusive price so that net + tax is the price', () => {
    expect(taxIncludedIn(12000, 2000)).toBe(2000);
    expect(taxIncludedIn(999, 2000)).toBe(166); // net 832.5 -> 833
  });

  it('allocates exactly, in proportion', () => {
    fc.assert(
      fc.property(
        fc.nat(1_000_000),
        fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 20 }),
        (total, weights) => {
          const shares = allocate(total, weights);
          expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0);
          shares.forEach((s, i) =>
            expect(Math.abs(s - (total * (weights[i] ?? 0)) / sum)).toBeLessThan(1),
          );
        },
      ),
    );
  });
});

describe('computeTotals', () => {
  const lines = [
    { unitPrice: 2500, quantity: 2 },
    { unitPrice: 1999, quantity: 1 },
  ];

  it('adds tax on top in tax-exclusive regions', () => {
    const t = computeTotals({
      lines,
      discount: { type: 'percentage', value: 1000 },
      shipping: { type: 'flat', amount: 500, freeOverAmount: null },
      tax: { rateBp: 800, inclusive: false },
    });
    expect(t.subtotal).toBe(6999);
    expect(t.discountTotal).toBe(700);
    expect(t.lines.map((l) => l.discountTotal)).toEqual([500, 200]);
    expect(t.shippingTotal).toBe(500);
    // line taxes: (5000-500)*8% = 360, (1999-200)*8% = 143.92 -> 144; shipping 40
    expect(t.taxTotal).toBe(360 + 144 + 40);
    expect(t.total).toBe(6999 - 700 + 500 + 544);
  });

  it('reports included tax in tax-inclusive regions without adding it', () => {
    const t = computeTotals({
      lines: [{ unitPrice: 12000, quantity: 1 }],
      discount: null,
      shipping: { type: 'flat', amount: 600, freeOverAmount: null },
      tax: { rateBp: 2000, inclusive: true },
    });
    expect(t.taxTotal).toBe(2000 + 100);
    expect(t.total).toBe(12600);
  });

  it('makes shipping free over the threshold and with a free-shipping code', () => {
    const shipping = { type: 'free_over' as const, amount: 500, freeOverAmount: 5000 };
    const tax = { rateBp: 0, inclusive: false };
    expect(computeTotals({ lines, discount: null, shipping, tax }).shippingTotal).toBe(0);
    expect(
      computeTotals({ lines: [{ unitPrice: 100, quantity: 1 }], discount: null, shipping, tax })
        .shippingTotal,
    ).toBe(500);
    expect(
      computeTotals({
        lines: [{ unitPrice: 100, quantity: 1 }],
        discount: { type: 'free_shipping', value: 0 },
        shipping,
        tax,
      }).shippingTotal,
    ).toBe(0);
  });

  it('never discounts below zero and always balances', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            unitPrice: fc.integer({ min: 0, max: 100_000 }),
            quantity: fc.integer({ min: 1, max: 20 }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        fc.oneof(
          fc.constant(null),
          fc.record({
            type: fc.constant('percentage' as const),
            value: fc.integer({ min: 1, max: 10_000 }),
          }),
          fc.record({
            type: fc.constant('fixed' as const),
            value: fc.integer({ min: 1, max: 500_000 }),
          }),
        ),
        fc.integer({ min: 0, max: 3000 }),
        fc.boolean(),
        (ls, discount, rateBp, inclusive) => {
          const t = computeTotals({
            lines: ls,
            discount,
            shipping: { type: 'flat', amount: 500, freeOverAmount: null },
            tax: { rateBp, inclusive },
          });
          expect(t.discountTotal).toBeLessThanOrEqual(t.subtotal);
          expect(t.total).toBeGreaterThanOrEqual(0);
          expect(t.lines.reduce((a, l) => a + l.discountTotal, 0)).toBe(t.discountTotal);
          const lineSum = t.lines.reduce((a, l) => a + l.total, 0);
          const shippingPart =
            t.shippingTotal +
            (inclusive ? 0 : t.taxTotal - t.lines.reduce((a, l) => a + l.taxTotal, 0));
          expect(lineSum + shippingPart).toBe(t.total);
        },
      ),
    );
  });
});
