import { z } from 'zod';
import { zCurrencyCode, zId, zMinorUnits } from './common';

// The admin's discount codes (`admin.discounts.*`). Amounts are integers: a percentage in basis
// points (1250 = 12.5%), a fixed amount and the minimum subtotal in minor units of the code's
// currency. A code with a currency (every fixed amount, and any code with a minimum subtotal)
// applies to carts in that currency only: a minimum of 5000 means $50.00 or €50.00, never both.

export const zDiscountType = z.enum(['percentage', 'fixed', 'free_shipping'], {
  message: 'type must be percentage, fixed or free_shipping',
});
export type DiscountType = z.infer<typeof zDiscountType>;

/** 100% in basis points: the most a percentage discount can take. */
export const MAX_PERCENT_BASIS_POINTS = 10_000;

export const zDiscountCode = z
  .string({ message: 'Code must be text' })
  .trim()
  .min(1, 'Code is required')
  .max(64, 'Code must be at most 64 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'Code may contain only letters, digits, dashes and underscores');

/**
 * A discount as staff set it. The rules a single field cannot hold are checked together, each
 * with its sentence on the field it is about: a percentage from 0.01% to 100%, a fixed amount
 * with its currency, a minimum subtotal with the currency it is in, nothing to set for free
 * shipping, an end after the start.
 */
export const zDiscountInput = z
  .object({
    code: zDiscountCode,
    type: zDiscountType,
    /** Basis points (percentage), minor units (fixed), 0 (free shipping). */
    value: z.number({ message: 'Value must be a number' }).int('Value must be a whole number'),
    /** The fixed amount's and the minimum's currency; the code applies to carts in it only. */
    currencyCode: zCurrencyCode.nullable().default(null),
    /** Minor units of `currencyCode`. */
    minSubtotal: zMinorUnits.nullable().default(null),
    startsAt: z.date({ message: 'Start must be a date' }).nullable().default(null),
    endsAt: z.date({ message: 'End must be a date' }).nullable().default(null),
    usageLimit: z
      .number({ message: 'Usage limit must be a number' })
      .int('Usage limit must be a whole number')
      .min(1, 'Usage limit must be at least 1 (leave it empty for no limit)')
      .max(1_000_000_000, 'Usage limit is too large')
      .nullable()
      .default(null),
    oncePerCustomer: z.boolean().default(false),
  })
  .superRefine((d, ctx) => {
    const issue = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    if (d.type === 'percentage') {
      if (d.value > MAX_PERCENT_BASIS_POINTS)
        issue('value', 'A percentage discount can take at most 100%');
      else if (d.value < 1) issue('value', 'A percentage discount must take more than 0%');
    }
    if (d.type === 'fixed') {
      if (d.currencyCode === null)
        issue('currencyCode', 'A fixed-amount discount needs a currency');
      if (d.value < 1) issue('value', 'A fixed-amount discount must take more than 0');
      if (d.value > 1_000_000_000_000) issue('value', 'Amount is too large');
    }
    if (d.type === 'free_shipping' && d.value !== 0)
      issue('value', 'A free-shipping discount has no value');
    if (d.minSubtotal !== null && d.currencyCode === null)
      issue('currencyCode', 'A minimum subtotal needs the currency it is in');
    if (d.type !== 'fixed' && d.minSubtotal === null && d.currencyCode !== null)
      issue(
        'currencyCode',
        'Only a fixed amount or a minimum subtotal has a currency; remove it or set a minimum',
      );
    if (d.startsAt && d.endsAt && d.endsAt <= d.startsAt)
      issue('endsAt', 'The end must be after the start');
  });
export type DiscountInput = z.input<typeof zDiscountInput>;

export const zDiscountUpdateInput = z.object({ id: zId, discount: zDiscountInput });
export type DiscountUpdateInput = z.input<typeof zDiscountUpdateInput>;

export const zDiscountStatus = z.enum(['active', 'scheduled', 'expired', 'used_up', 'archived']);
export type DiscountStatus = z.infer<typeof zDiscountStatus>;

export const zAdminDiscount = z.object({
  id: z.number().int(),
  code: z.string(),
  type: zDiscountType,
  value: z.number().int(),
  currencyCode: z.string().nullable(),
  minSubtotal: z.number().int().nullable(),
  startsAt: z.date().nullable(),
  endsAt: z.date().nullable(),
  usageLimit: z.number().int().nullable(),
  /** Uses counted against the limit: orders plus checkouts under way holding the code. */
  usageCount: z.number().int(),
  /** Orders placed with the code. */
  redemptions: z.number().int(),
  oncePerCustomer: z.boolean(),
  archived: z.boolean(),
  status: zDiscountStatus,
  createdAt: z.date(),
});
export type AdminDiscount = z.infer<typeof zAdminDiscount>;

export const zDiscountListInput = z.object({
  /** Codes containing this text (any case). */
  query: z.string().trim().max(64).optional(),
  includeArchived: z.boolean().default(false),
  cursor: zId.nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type DiscountListInput = z.input<typeof zDiscountListInput>;

export const zDiscountPage = z.object({
  items: z.array(zAdminDiscount),
  nextCursor: z.number().int().nullable(),
});
export type DiscountPage = z.infer<typeof zDiscountPage>;
