import { z } from 'zod';
import { zMoney } from './common';

// The admin's customers pages (`admin.customers.*`).

export const zCustomerListInput = z.object({
  /** Matches emails and names (substring, any case). */
  query: z.string().trim().max(200, 'Search at most 200 characters').optional(),
  /** The previous page's cursor (opaque). */
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,400}$/, 'That page link is not valid; start from the first page')
    .nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type CustomerListInput = z.input<typeof zCustomerListInput>;

export const zCustomerRow = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  createdAt: z.date(),
  orderCount: z.number().int(),
});
export type CustomerRow = z.infer<typeof zCustomerRow>;

export const zCustomerPage = z.object({
  items: z.array(zCustomerRow),
  nextCursor: z.string().nullable(),
});
export type CustomerPage = z.infer<typeof zCustomerPage>;

export const zCustomerDetail = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  emailVerified: z.boolean(),
  createdAt: z.date(),
  /** Paid less refunded, one amount per currency the customer paid in. */
  lifetimeValue: z.array(zMoney),
  orderCount: z.number().int(),
  /** The latest orders, newest first (at most 50). */
  orders: z.array(
    z.object({
      id: z.number().int(),
      number: z.number().int(),
      createdAt: z.date(),
      total: zMoney,
      status: z.string(),
      paymentStatus: z.string(),
      fulfillmentStatus: z.string(),
    }),
  ),
  addresses: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      lines: z.array(z.string()),
      countryCode: z.string(),
      phone: z.string(),
      isDefault: z.boolean(),
    }),
  ),
});
export type CustomerDetail = z.infer<typeof zCustomerDetail>;
