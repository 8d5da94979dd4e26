import type Stripe from 'stripe';
import type { PaymentStatus, PaymentWebhookEvent } from '../types';

/** The metadata key `createPayment` stores the checkout id under. */
export const CHECKOUT_ID_METADATA_KEY = 'checkout_id';

/** Shown when Stripe reports a failure without a message of its own. */
const FALLBACK_FAILURE_MESSAGE = 'Your payment could not be completed.';

/**
 * Stripe's PaymentIntent lifecycle folded into ours. `requires_payment_method` is both the state
 * of a fresh intent and the state after a failed attempt; `last_payment_error` tells them apart.
 * Everything else in flight (`processing`, `requires_action`, `requires_confirmation`,
 * `requires_capture`) is pending.
 */
export function mapPaymentIntentStatus(
  intent: Pick<Stripe.PaymentIntent, 'status' | 'last_payment_error'>,
): PaymentStatus {
  switch (intent.status) {
    case 'succeeded':
      return 'succeeded';
    case 'canceled':
      return 'canceled';
    case 'requires_payment_method':
      return intent.last_payment_error ? 'failed' : 'pending';
    default:
      return 'pending';
  }
}

export function toCurrencyCode(stripeCurrency: string): string {
  return stripeCurrency.toUpperCase();
}

/** A verified Stripe event reshaped into ours; events we do not act on come back as `ignored`. */
export function mapStripeEvent(event: Stripe.Event): PaymentWebhookEvent {
  const base = { id: event.id, rawType: event.type };
  switch (event.type) {
    case 'payment_intent.succeeded': {
      const intent = event.data.object;
      return {
        ...base,
        kind: 'payment.succeeded',
        providerRef: intent.id,
        checkoutId: readCheckoutId(intent),
        amount: intent.amount_received,
        currencyCode: toCurrencyCode(intent.currency),
        failureMessage: null,
      };
    }
    case 'payment_intent.payment_failed': {
      const intent = event.data.object;
      return {
        ...base,
        kind: 'payment.failed',
        providerRef: intent.id,
        checkoutId: readCheckoutId(intent),
        amount: intent.amount,
        currencyCode: toCurrencyCode(intent.currency),
        failureMessage: intent.last_payment_error?.message || FALLBACK_FAILURE_MESSAGE,
      };
    }
    default:
      return {
        ...base,
        kind: 'ignored',
        providerRef: null,
        checkoutId: null,
        amount: null,
        currencyCode: null,
        failureMessage: null,
      };
  }
}

function readCheckoutId(intent: Stripe.PaymentIntent): string | null {
  const value = intent.metadata[CHECKOUT_ID_METADATA_KEY];
  return typeof value === 'string' && value !== '' ? value : null;
}
