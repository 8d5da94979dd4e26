import { allocate, percentOf, taxIncludedIn } from './rounding';

export interface PricedLine {
  unitPrice: number;
  quantity: number;
}

export interface DiscountRule {
  type: 'percentage' | 'fixed' | 'free_shipping';
  /** Basis points for percentage, minor units for fixed. */
  value: number;
}

export interface ShippingRule {
  type: 'flat' | 'free_over';
  amount: number;
  freeOverAmount: number | null;
}

export interface TaxRule {
  rateBp: number;
  inclusive: boolean;
}

export interface LineTotals {
  subtotal: number;
  discountTotal: number;
  taxTotal: number;
  total: number;
}

export interface Totals {
  lines: LineTotals[];
  subtotal: number;
  discountTotal: number;
  shippingTotal: number;
  taxTotal: number;
  total: number;
}

/**
 * The one place where a cart's money is computed; the cart view, the checkout and the order all
 * call it, and nothing the browser sends enters it.
 *
 * - subtotal: Σ unit price × quantity.
 * - discount: a percentage of the subtotal (rounded half up), or a fixed amount capped at the
 *   subtotal, spread over the lines in proportion; free shipping zeroes the shipping instead.
 * - shipping: the option's amount; a `free_over` option is free when the discounted subtotal
 *   reaches its threshold.
 * - tax: per line and on shipping, at the region rate. Tax-exclusive regions add it on top;
 *   tax-inclusive regions report the part already contained in the prices.
 */
export function computeTotals(input: {
  lines: readonly PricedLine[];
  discount: DiscountRule | null;
  shipping: ShippingRule | null;
  tax: TaxRule;
}): Totals {
  const subtotals = input.lines.map((l) => l.unitPrice * l.quantity);
  const subtotal = subtotals.reduce((a, b) => a + b, 0);

  let discountTotal = 0;
  if (input.discount?.type === 'percentage')
    discountTotal = percentOf(subtotal, input.discount.value);
  if (input.discount?.type === 'fixed') discountTotal = Math.min(input.discount.value, subtotal);
  const lineDiscounts = allocate(discountTotal, subtotals);

  const discounted = subtotal - discountTotal;
  let shippingTotal = 0;
  if (input.shipping) {
    const free =
      input.discount?.type === 'free_shipping' ||
      (input.shipping.type === 'free_over' &&
        input.shipping.freeOverAmount !== null &&
        discounted >= input.shipping.freeOverAmount);
    shippingTotal = free ? 0 : input.shipping.amount;
  }

  const taxOf = (amount: number) =>
    input.tax.inclusive
      ? taxIncludedIn(amount, input.tax.rateBp)
      : percentOf(amount, input.tax.rateBp);

  const lines = subtotals.map((lineSubtotal, i): LineTotals => {
    const lineDiscount = lineDiscounts[i] ?? 0;
    const net = lineSubtotal - lineDiscount;
    const tax = taxOf(net);
    return {
      subtotal: lineSubtotal,
      discountTotal: lineDiscount,
      taxTotal: tax,
      total: input.tax.inclusive ? net : net + tax,
    };
  });
  const shippingTax = taxOf(shippingTotal);
  const taxTotal = lines.reduce((a, l) => a + l.taxTotal, 0) + shippingTax;
  const total = discounted + shippingTotal + (input.tax.inclusive ? 0 : taxTotal);
  return { lines, subtotal, discountTotal, shippingTotal, taxTotal, total };
}
