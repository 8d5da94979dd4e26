import { missingWebhookSecretError, type PaymentsEnv } from './env';
import { createStripeProvider } from './stripe/stripe-provider';
import { createTestProvider } from './test-provider/test-provider';
import type { PaymentProvider } from './types';

export * from './types';
export { createTestProvider } from './test-provider/test-provider';
export { TEST_CARDS, UNKNOWN_CARD_MESSAGE, type TestCard } from './test-provider/test-cards';
export { createStripeProvider, type StripeProviderOptions } from './stripe/stripe-provider';
export { readPaymentsEnv, type PaymentsEnv } from './env';

/**
 * Stripe when `STRIPE_SECRET_KEY` is set, the test provider otherwise. Throws a `ConfigError`
 * (one sentence) when a Stripe key comes without its webhook secret.
 */
export function createPaymentProvider(env: PaymentsEnv): PaymentProvider {
  if (!env.STRIPE_SECRET_KEY) return createTestProvider();
  if (!env.STRIPE_WEBHOOK_SECRET) throw missingWebhookSecretError();
  return createStripeProvider({
    secretKey: env.STRIPE_SECRET_KEY,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET,
    host: env.STRIPE_API_HOST,
    port: env.STRIPE_API_PORT,
    protocol: env.STRIPE_API_PROTOCOL,
  });
}
