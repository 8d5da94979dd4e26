import {
  addAddress,
  deleteAddress,
  getOrderForCustomer,
  listAddresses,
  listCustomerOrders,
  setDefaultAddress,
} from '@shop/core';
import { zAddress, zId, zOrderDetail, zPage } from '@shop/validators';
import { z } from 'zod';
import { customerProcedure, router } from '../trpc/storefront';

// Wire shapes of the account pages. They belong in @shop/validators beside zOrderDetail once
// that file's owner takes them; they are here so this router could be written without it.
const zAccountOrderSummary = z.object({
  number: z.number().int(),
  createdAt: z.date(),
  status: z.string(),
  paymentStatus: z.string(),
  fulfillmentStatus: z.string(),
  currencyCode: z.string(),
  total: z.number().int(),
  itemCount: z.number().int(),
});

const zSavedAddress = z.object({
  id: z.number().int(),
  isDefault: z.boolean(),
  firstName: z.string(),
  lastName: z.string(),
  line1: z.string(),
  line2: z.string(),
  city: z.string(),
  postalCode: z.string(),
  province: z.string(),
  countryCode: z.string(),
  phone: z.string(),
});

const zOrderListInput = z.object({
  cursor: zId.nullish(),
  limit: z.number().int().min(1).max(50).default(20),
});

const zAddressRef = z.object({ id: zId });

/**
 * `storefront.account.*`: the signed-in shopper's own data. Every procedure is a
 * `customerProcedure` and passes `ctx.customer.id` to the core, which scopes every read and
 * write by it: another customer's order or address is "not found", never "forbidden".
 */
export const storefrontAccountRouter = router({
  me: customerProcedure
    .output(z.object({ id: z.string(), email: z.string(), name: z.string() }))
    .query(({ ctx }) => ctx.customer),

  /** The customer's orders, newest first (keyset pages: pass back `nextCursor`). */
  orders: customerProcedure
    .input(zOrderListInput)
    .output(zPage(zAccountOrderSummary))
    .query(async ({ ctx, input }) => {
      const page = await listCustomerOrders(ctx.db, {
        customerId: ctx.customer.id,
        cursor: input.cursor ?? null,
        limit: input.limit,
      });
      return { items: page.items, nextCursor: page.nextCursor };
    }),

  order: customerProcedure
    .input(z.object({ number: z.number().int().positive() }))
    .output(zOrderDetail)
    .query(({ ctx, input }) =>
      getOrderForCustomer(ctx.db, { number: input.number, customerId: ctx.customer.id }),
    ),

  addresses: router({
    list: customerProcedure
      .output(z.array(zSavedAddress))
      .query(({ ctx }) => listAddresses(ctx.db, { customerId: ctx.customer.id })),
    add: customerProcedure
      .input(z.object({ address: zAddress, isDefault: z.boolean().default(false) }))
      .output(zSavedAddress)
      .mutation(({ ctx, input }) =>
        addAddress(ctx.db, {
          customerId: ctx.customer.id,
          address: input.address,
          isDefault: input.isDefault,
        }),
      ),
    remove: customerProcedure
      .input(zAddressRef)
      .output(z.void())
      .mutation(({ ctx, input }) =>
        deleteAddress(ctx.db, { customerId: ctx.customer.id, addressId: input.id }),
      ),
    setDefault: customerProcedure
      .input(zAddressRef)
      .output(z.void())
      .mutation(({ ctx, input }) =>
        setDefaultAddress(ctx.db, { customerId: ctx.customer.id, addressId: input.id }),
      ),
  }),
});
