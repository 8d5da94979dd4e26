import { parseDecimal, toDecimal } from '@shop/money';
import {
  zDiscountInput,
  type AdminDiscount,
  type DiscountInput,
  type DiscountType,
} from '@shop/validators';

/**
 * The discount form's text fields and how they become `zDiscountInput` (integers and dates)
 * and back. Amounts are read by `@shop/money` in the chosen currency's digits, percentages as
 * text with at most two decimals (12.5 → 1250 basis points), never through a float. Dates are
 * entered and shown in UTC, like every date in the admin.
 */
export interface DiscountFormValues {
  code: string;
  type: DiscountType;
  /** A percentage ("12.5") or an amount ("5.00"); ignored for free shipping. */
  value: string;
  /**
   * The fixed amount's currency, and the one the minimum subtotal is in (a code with either
   * applies to carts in it only); empty for a minimum saved before minimums had one.
   */
  currencyCode: string;
  minSubtotal: string;
  /** `datetime-local` text (UTC), or empty. */
  startsAt: string;
  endsAt: string;
  usageLimit: string;
  oncePerCustomer: boolean;
}

export type FieldErrors = Partial<Record<keyof DiscountFormValues, string>>;

const percentPattern = /^(\d{1,3})(?:\.(\d{1,2}))?$/;

/** "12.5" → 1250 basis points; null for text that is not a percentage with ≤ 2 decimals. */
export function percentToBasisPoints(text: string): number | null {
  const match = percentPattern.exec(text.trim().replace(/%$/, '').trim());
  if (!match) return null;
  const [, whole = '0', fraction = ''] = match;
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** 1250 → "12.5". */
export function basisPointsToPercent(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const fraction = String(bp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

const localPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** `datetime-local` text read as UTC; undefined when it is not one. */
function utcDate(text: string): Date | null | undefined {
  if (text.trim() === '') return null;
  if (!localPattern.test(text.trim())) return undefined;
  const date = new Date(`${text.trim()}:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function utcText(date: Date | null): string {
  return date ? date.toISOString().slice(0, 16) : '';
}

/**
 * The form's text as the API's input, checked by the shared `zDiscountInput`: the input, or
 * one sentence per field that is wrong.
 */
export function toDiscountInput(
  v: DiscountFormValues,
): { ok: true; input: DiscountInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  let value = 0;
  if (v.type === 'percentage') {
    const bp = percentToBasisPoints(v.value);
    if (bp === null) errors.value = 'Enter a percentage such as 10 or 12.5';
    else value = bp;
  } else if (v.type === 'fixed') {
    const parsed = parseDecimal(v.value, v.currencyCode || 'USD');
    if (!parsed.ok) errors.value = parsed.error;
    else value = parsed.amount;
  }
  let minSubtotal: number | null = null;
  if (v.minSubtotal.trim() !== '') {
    const parsed = parseDecimal(v.minSubtotal, v.currencyCode || 'USD');
    if (!parsed.ok) errors.minSubtotal = parsed.error;
    else minSubtotal = parsed.amount;
  }
  const startsAt = utcDate(v.startsAt);
  if (startsAt === undefined) errors.startsAt = 'Enter a date and time';
  const endsAt = utcDate(v.endsAt);
  if (endsAt === undefined) errors.endsAt = 'Enter a date and time';
  let usageLimit: number | null = null;
  if (v.usageLimit.trim() !== '') {
    if (!/^\d{1,10}$/.test(v.usageLimit.trim()))
      errors.usageLimit = 'Usage limit must be a whole number (leave it empty for no limit)';
    else usageLimit = Number(v.usageLimit.trim());
  }
  const input: DiscountInput = {
    code: v.code,
    type: v.type,
    value,
    // A percentage or free-shipping code has a currency only for its minimum.
    currencyCode: v.type === 'fixed' || minSubtotal !== null ? v.currencyCode || null : null,
    minSubtotal,
    startsAt: startsAt ?? null,
    endsAt: endsAt ?? null,
    usageLimit,
    oncePerCustomer: v.oncePerCustomer,
  };
  const parsed = zDiscountInput.safeParse(input);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as keyof DiscountFormValues | undefined;
      if (field && field in v && !errors[field]) errors[field] = issue.message;
    }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, input };
}

/** A saved discount as the form's text (the edit page's starting values). */
export function toFormValues(d: AdminDiscount | null): DiscountFormValues {
  if (!d)
    return {
      code: '',
      type: 'percentage',
      value: '',
      currencyCode: 'USD',
      minSubtotal: '',
      startsAt: '',
      endsAt: '',
      usageLimit: '',
      oncePerCustomer: false,
    };
  // Digits to show amounts with; a legacy minimum without a currency shows none chosen.
  const currency = d.currencyCode ?? 'USD';
  return {
    code: d.code,
    type: d.type,
    value:
      d.type === 'percentage'
        ? basisPointsToPercent(d.value)
        : d.type === 'fixed'
          ? toDecimal(d.value, currency)
          : '',
    currencyCode: d.currencyCode ?? (d.minSubtotal === null ? 'USD' : ''),
    minSubtotal: d.minSubtotal === null ? '' : toDecimal(d.minSubtotal, currency),
    startsAt: utcText(d.startsAt),
    endsAt: utcText(d.endsAt),
    usageLimit: d.usageLimit === null ? '' : String(d.usageLimit),
    oncePerCustomer: d.oncePerCustomer,
  };
}
