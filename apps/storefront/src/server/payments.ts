import { ConfigError } from '@shop/env';
import type { PaymentProvider } from '@shop/payments';
import { env } from '~/env';
import { getShop } from './shop';

/**
 * The payment provider checkouts are paid with: the Shop's (one per process, so the Stripe
 * webhook route and the checkout share the same instance). The test provider unless
 * `STRIPE_SECRET_KEY` is set; a Stripe key without its webhook secret or publishable key throws a
 * one-sentence ConfigError on first use.
 */
export function getPayments(): PaymentProvider {
  return getShop().payments;
}

/** What a page may know about the provider (never the provider object itself). */
export type PaymentsDescription =
  | { id: 'test'; label: string }
  /** `publishableKey` is public: the page hands it to Stripe.js as a prop. */
  | { id: 'stripe'; label: string; publishableKey: string };

export function describePayments(): PaymentsDescription {
  const provider = getPayments();
  if (provider.id === 'test') return { id: 'test', label: provider.label };
  return { id: 'stripe', label: provider.label, publishableKey: stripePublishableKey() };
}

/**
 * Read from the server's environment when the process runs, not inlined into the browser bundle
 * at build time (no NEXT_PUBLIC_ variable), so one build serves test and live keys alike.
 * The env (`@shop/payments`' fragment) has already refused a Stripe secret key without it; the
 * check here only narrows the type.
 */
function stripePublishableKey(): string {
  const publishableKey = env.STRIPE_PUBLISHABLE_KEY;
  if (!publishableKey) {
    throw new ConfigError(
      'STRIPE_PUBLISHABLE_KEY is missing: it is required when STRIPE_SECRET_KEY is set.',
    );
  }
  return publishableKey;
}
