import { isSupportedCurrency, MAX_MINOR_UNITS } from '@shop/money';
import { z } from 'zod';

/** Database ids: positive integers (bigint identity columns read as numbers). */
export const zId = z
  .number({ message: 'must be a number' })
  .int('must be a whole number')
  .positive('must be positive');

export const zHandle = z
  .string()
  .trim()
  .min(1, 'Handle is required')
  .max(200, 'Handle must be at most 200 characters')
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)*$/,
    'Handle may contain only lowercase letters, digits and single dashes',
  );

export const zRegionCode = z
  .string()
  .regex(/^([a-z]{2,8}|default)$/, 'Region code must be 2 to 8 lowercase letters');

export const zCurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'Currency must be a three-letter ISO 4217 code such as USD')
  .refine((code): boolean => isSupportedCurrency(code), 'The shop does not sell in that currency');

/**
 * Money in minor units (cents): an integer, never a float. The upper bound is `@shop/money`'s
 * `MAX_MINOR_UNITS`, which keeps every cart sum a JS safe integer (the columns are `bigint`).
 */
export const zMinorUnits = z
  .number({ message: 'Amount must be a number of minor units (cents)' })
  .int('Amount must be a whole number of minor units (cents)')
  .min(0, 'Amount cannot be negative')
  .max(MAX_MINOR_UNITS, 'Amount is too large');

export const zMoney = z.object({ amount: z.number().int(), currencyCode: z.string() });
export type Money = z.infer<typeof zMoney>;

export const zPageInput = z.object({
  cursor: zId.nullish(),
  limit: z
    .number()
    .int()
    .min(1, 'limit must be at least 1')
    .max(100, 'limit must be at most 100')
    .default(24),
});

export function zPage<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.number().int().nullable() });
}
