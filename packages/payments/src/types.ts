/**
 * The payment provider contract. Everything outside this package sees only these types;
 * each adapter (`test-provider/`, `stripe/`) reshapes its provider's data into them at its edge.
 */

export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'canceled';

export interface CreatePaymentInput {
  checkoutId: string;
  /** Integer minor units (cents for USD). */
  amount: number;
  /** ISO 4217, upper case: 'USD'. */
  currencyCode: string;
  email: string;
  /** The same key returns the same payment instead of creating a second one. */
  idempotencyKey: string;
}

export interface CreatedPayment {
  providerRef: string;
  /** Handed to the browser SDK to confirm the payment there; null when there is none (test provider). */
  clientSecret: string | null;
}

/**
 * The card a payment was made with, as the provider reports it (never the number): risk rules
 * count payments per `fingerprint` (the same card number gives the same fingerprint) and compare
 * `country` (ISO 3166 alpha-2, the issuer's) with the shipping country.
 */
export interface CardDetails {
  fingerprint: string;
  country: string | null;
  brand: string | null;
  last4: string | null;
}

export type PaymentOutcome =
  | { status: 'succeeded'; providerRef: string; card: CardDetails | null }
  | { status: 'declined'; /** A sentence for the shopper. */ message: string };

export interface PaymentWebhookEvent {
  /** The provider's event id; the core stores it to process each event once. */
  id: string;
  kind: 'payment.succeeded' | 'payment.failed' | 'ignored';
  rawType: string;
  providerRef: string | null;
  /** From the payment's metadata (set by `createPayment`). */
  checkoutId: string | null;
  /** Integer minor units: the amount received for `payment.succeeded`. */
  amount: number | null;
  currencyCode: string | null;
  failureMessage: string | null;
  /** The card of a `payment.succeeded`, when the event carries it; absent or null: unknown. */
  card?: CardDetails | null;
}

export interface PaymentProvider {
  readonly id: 'test' | 'stripe';
  /** Shown in the UI; the test provider says clearly that no real money moves. */
  readonly label: string;
  createPayment(input: CreatePaymentInput): Promise<CreatedPayment>;
  /** Server-side confirmation, only where the provider allows it (test cards). */
  confirmPayment?(input: {
    providerRef: string;
    cardNumber: string;
    amount: number;
    currencyCode: string;
  }): Promise<PaymentOutcome>;
  getPayment(
    providerRef: string,
  ): Promise<{ status: PaymentStatus; amount: number; currencyCode: string }>;
  /**
   * Cancels a payment that must not be taken any more (a superseded checkout attempt). Answers
   * `succeeded` when it had already gone through and can no longer be cancelled (the core then
   * refunds it when its success arrives); retrying with the same key is harmless.
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
  /**
   * The card of a payment, asked of the provider (Stripe: the PaymentIntent's latest charge),
   * for a payment whose success arrived without it. Null: no card (not paid, or not by card).
   */
  getCard?(providerRef: string): Promise<CardDetails | null>;
  /** Verifies the signature and reshapes the event; throws `InvalidWebhookSignatureError` otherwise. */
  parseWebhook?(rawBody: string, signature: string | null): PaymentWebhookEvent;
}

/** The webhook's signature header is missing, malformed, stale or signed with another secret. */
export class InvalidWebhookSignatureError extends Error {
  override name = 'InvalidWebhookSignatureError';
}

/**
 * The provider is unreachable or refused a request. `message` is a sentence that is safe to log
 * and to show to staff (it never contains a secret); `cause` keeps the provider's own error.
 */
export class PaymentProviderError extends Error {
  override name = 'PaymentProviderError';
}
