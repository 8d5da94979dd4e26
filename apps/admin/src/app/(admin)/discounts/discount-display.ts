import { formatMoney, toDecimal } from '@shop/money';
import type { AdminDiscount, DiscountStatus } from '@shop/validators';
import type { BadgeStyle } from '~/components/badge';
import { basisPointsToPercent } from './discount-fields';

// How a code reads in the list and on its page (a plain module: server pages call these too,
// which they could not through the client table's module).

export const statusBadge: Record<DiscountStatus, BadgeStyle> = {
  active: { label: 'Active', className: 'bg-success-soft text-success' },
  scheduled: { label: 'Scheduled', className: 'bg-neutral-100 text-neutral-700' },
  expired: { label: 'Expired', className: 'bg-neutral-100 text-neutral-500' },
  used_up: { label: 'Used up', className: 'bg-neutral-100 text-neutral-500' },
  archived: { label: 'Deactivated', className: 'bg-neutral-100 text-neutral-500' },
};

/** What the code takes off: "10%", "$5.00", "Free shipping". */
export function discountValue(d: AdminDiscount): string {
  if (d.type === 'percentage') return `${basisPointsToPercent(d.value)}%`;
  if (d.type === 'fixed' && d.currencyCode) return formatMoney(d.value, d.currencyCode);
  return 'Free shipping';
}

/**
 * What the cart must reach, in the code's currency: "$50.00 (USD carts only)", "No minimum".
 * A minimum saved before minimums had a currency is read in each cart's currency: said so.
 */
export function discountMinimum(d: AdminDiscount): string {
  if (d.minSubtotal === null) return 'No minimum';
  if (d.currencyCode === null)
    return `${toDecimal(d.minSubtotal, 'USD')} in any cart's currency (no currency set: choose one)`;
  return `${formatMoney(d.minSubtotal, d.currencyCode)} (${d.currencyCode} carts only)`;
}
