import Stripe from 'stripe';
import {
  InvalidWebhookSignatureError,
  type CardDetails,
  type CreatedPayment,
  type CreatePaymentInput,
  type PaymentProvider,
  type PaymentStatus,
  type PaymentWebhookEvent,
} from '../types';
import { assertCurrencyCode, assertIdempotencyKey, assertMinorUnits } from '../validate-input';
import {
  CHECKOUT_ID_METADATA_KEY,
  mapPaymentIntentStatus,
  mapStripeEvent,
  toCurrencyCode,
} from './map-stripe';
import { toPaymentProviderError } from './stripe-errors';

export interface StripeProviderOptions {
  /** `sk_test_…` or `sk_live_…`. */
  secretKey: string;
  /** `whsec_…`: the signing secret of the webhook endpoint (or of `stripe listen`). */
  webhookSecret: string;
  /** Overrides of the API address, for a local fake or a proxy; Stripe's own by default. */
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
  /** Automatic retries of failed network calls (the SDK's default when omitted). */
  maxNetworkRetries?: number;
}

/**
 * Payments through Stripe PaymentIntents. The browser confirms the payment with the client
 * secret; Stripe's webhook (`parseWebhook`) tells the core that it succeeded or failed.
 */
export function createStripeProvider(options: StripeProviderOptions): PaymentProvider {
  // No `apiVersion`: the SDK then pins the version its types describe, so the types stay true.
  const stripe = new Stripe(options.secretKey, {
    host: options.host,
    port: options.port,
    protocol: options.protocol,
    maxNetworkRetries: options.maxNetworkRetries,
    appInfo: { name: '@shop/payments' },
  });

  return {
    id: 'stripe',
    label: options.secretKey.startsWith('sk_test_')
      ? 'Card payment (Stripe test mode — no real money moves)'
      : 'Card payment',

    async createPayment(input: CreatePaymentInput): Promise<CreatedPayment> {
      assertMinorUnits(input.amount);
      assertCurrencyCode(input.currencyCode);
      assertIdempotencyKey(input.idempotencyKey);
      try {
        const intent = await stripe.paymentIntents.create(
          {
            amount: input.amount,
            currency: input.currencyCode.toLowerCase(),
            receipt_email: input.email,
            automatic_payment_methods: { enabled: true },
            metadata: { [CHECKOUT_ID_METADATA_KEY]: input.checkoutId },
          },
          { idempotencyKey: input.idempotencyKey },
        );
        return { providerRef: intent.id, clientSecret: intent.client_secret };
      } catch (err) {
        throw toPaymentProviderError(err, 'create the payment');
      }
    },

    /** The card of the PaymentIntent's latest charge (`payment_method_details.card`). */
    async getCard(providerRef: string): Promise<CardDetails | null> {
      try {
        const intent = await stripe.paymentIntents.retrieve(providerRef, {
          expand: ['latest_charge'],
        });
        const charge = intent.latest_charge;
        const card =
          charge !== null && typeof charge === 'object'
            ? charge.payment_method_details?.card
            : null;
        if (!card?.fingerprint) return null;
        return {
          fingerprint: card.fingerprint,
          country: card.country ?? null,
          brand: card.brand ?? null,
          last4: card.last4 ?? null,
        };
      } catch (err) {
        throw toPaymentProviderError(err, 'read the card of the payment');
      }
    },

    async getPayment(
      providerRef: string,
    ): Promise<{ status: PaymentStatus; amount: number; currencyCode: string }> {
      try {
        const intent = await stripe.paymentIntents.retrieve(providerRef);
        return {
          status: mapPaymentIntentStatus(intent),
          amount: intent.amount,
          currencyCode: toCurrencyCode(intent.currency),
        };
      } catch (err) {
        throw toPaymentProviderError(err, `look up payment ${providerRef}`);
      }
    },

    async cancelPayment(input): Promise<{ status: 'canceled' | 'succeeded' }> {
      assertIdempotencyKey(input.idempotencyKey);
      try {
        const intent = await stripe.paymentIntents.cancel(
          input.providerRef,
          { cancellation_reason: 'abandoned' },
          { idempotencyKey: input.idempotencyKey },
        );
        return { status: intent.status === 'succeeded' ? 'succeeded' : 'canceled' };
      } catch (err) {
        // Already succeeded or already canceled: Stripe refuses with this code. Ask which.
        if (
          err instanceof Stripe.errors.StripeInvalidRequestError &&
          err.code === 'payment_intent_unexpected_state'
        ) {
          const intent = await stripe.paymentIntents.retrieve(input.providerRef).catch(() => null);
          if (intent?.status === 'succeeded') return { status: 'succeeded' };
          if (intent?.status === 'canceled') return { status: 'canceled' };
        }
        throw toPaymentProviderError(err, `cancel payment ${input.providerRef}`);
      }
    },

    async refund(input): Promise<{ refundRef: string }> {
      assertMinorUnits(input.amount);
      assertIdempotencyKey(input.idempotencyKey);
      try {
        const refund = await stripe.refunds.create(
          {
            payment_intent: input.providerRef,
            amount: input.amount,
            reason: 'requested_by_customer',
            metadata: { reason: input.reason },
          },
          { idempotencyKey: input.idempotencyKey },
        );
        return { refundRef: refund.id };
      } catch (err) {
        throw toPaymentProviderError(err, `refund payment ${input.providerRef}`);
      }
    },

    parseWebhook(rawBody: string, signature: string | null): PaymentWebhookEvent {
      if (!signature) {
        throw new InvalidWebhookSignatureError('The Stripe-Signature header is missing.');
      }
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(rawBody, signature, options.webhookSecret);
      } catch (err) {
        if (err instanceof Stripe.errors.StripeSignatureVerificationError) {
          throw new InvalidWebhookSignatureError(
            'The Stripe-Signature header does not match the body and the webhook secret.',
            { cause: err },
          );
        }
        // A correctly signed body that is not an event (invalid JSON, a v2 event notification).
        throw new InvalidWebhookSignatureError('The webhook body is not a Stripe event.', {
          cause: err,
        });
      }
      return mapStripeEvent(event);
    },
  };
}
