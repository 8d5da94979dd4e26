import type { AddressSnapshot } from '@shop/db/schema';

/**
 * What a checkout hook is shown: the cart as it will be bought, validated and priced (money in
 * minor units of `currencyCode`), before anything is held. Ids only, never the card.
 */
export interface CheckoutAttempt {
  cartId: string;
  email: string;
  customerId: string | null;
  /** The keyed hash of the client's address (never the address); null without a request. */
  clientKey: string | null;
  currencyCode: string;
  totals: {
    subtotal: number;
    discountTotal: number;
    shippingTotal: number;
    taxTotal: number;
    total: number;
  };
  lines: Array<{
    productId: number;
    variantId: number;
    sku: string;
    quantity: number;
    unitPrice: number;
  }>;
  shippingAddress: AddressSnapshot;
  shippingOptionName: string;
}

/** Why an order is flagged: `source` is the plugin's name (or `staff`), `code` is stable. */
export interface OrderFlagInput {
  source: string;
  code: string;
  reason: string;
  data?: Record<string, unknown> | null;
}

/**
 * The hooks' verdict on one attempt. `veto`: a sentence for the shopper, and the checkout starts
 * nothing. Otherwise the flags and the hold are kept on the checkout (`checkouts.review`) and
 * copied to its order when it is placed.
 */
export interface CheckoutReview {
  veto: string | null;
  flags: OrderFlagInput[];
  hold: boolean;
  holdReason: string | null;
}

/**
 * The checkout hooks port: plugins (`@shop/plugins`' host) review an attempt before its stock is
 * held. `review` never throws for a plugin's failure: the host applies each plugin's error rule
 * and answers with a verdict.
 */
export interface CheckoutHooks {
  review(attempt: CheckoutAttempt): Promise<CheckoutReview>;
}

/** A review that changes nothing (no hooks). */
export const emptyReview: CheckoutReview = { veto: null, flags: [], hold: false, holdReason: null };
