/**
 * What the checkout needs from a payment provider. `@shop/payments` providers satisfy it
 * structurally; the core does not import the payments package (or any SDK).
 */
export interface CheckoutPayments {
  readonly id: string;
  createPayment(input: {
    checkoutId: string;
    amount: number;
    currencyCode: string;
    email: string;
    idempotencyKey: string;
  }): Promise<{ providerRef: string; clientSecret: string | null }>;
  confirmPayment?(input: {
    providerRef: string;
    cardNumber: string;
    amount: number;
    currencyCode: string;
  }): Promise<
    | { status: 'succeeded'; providerRef: string; card?: PaymentCard | null }
    | { status: 'declined'; message: string }
  >;
  /**
   * Cancels a payment that must not be taken any more (its checkout attempt was superseded by a
   * newer one, or another attempt of the cart was paid first). `succeeded` means it had already
   * gone through: the core refunds such a payment when its success reaches it.
   */
  cancelPayment(input: {
    providerRef: string;
    idempotencyKey: string;
  }): Promise<{ status: 'canceled' | 'succeeded' }>;
  refund(input: {
    providerRef: string;
    amount: number;
    idempotencyKey: string;
    reason: string;
  }): Promise<{ refundRef: string }>;
}

/** A provider event, already verified and reshaped by the adapter. */
export interface PaymentEvent {
  id: string;
  kind: 'payment.succeeded' | 'payment.failed' | 'ignored';
  rawType: string;
  providerRef: string | null;
  checkoutId: string | null;
  amount: number | null;
  currencyCode: string | null;
  failureMessage: string | null;
  card?: PaymentCard | null;
}

/** The card a payment was made with, as the provider reports it (never the number). */
export interface PaymentCard {
  fingerprint: string;
  country: string | null;
  brand: string | null;
  last4: string | null;
}
