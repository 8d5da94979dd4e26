import { describe, expect, it } from 'vitest';
import { readPaymentsEnv } from '../env';
import { createStripeProvider } from './stripe-provider';

/**
 * The one test against the real Stripe API (test mode). It needs network access and a test
 * secret key, so it runs only where STRIPE_SECRET_KEY is set; elsewhere the run's summary shows
 * it as skipped with the reason in its name.
 */
const secretKey = process.env.STRIPE_SECRET_KEY;

describe.skipIf(!secretKey)(
  'Stripe test API (skipped: STRIPE_SECRET_KEY is not set, so the hosted Stripe API cannot be called)',
  () => {
    it('creates and retrieves a PaymentIntent', async () => {
      const env = readPaymentsEnv({
        STRIPE_SECRET_KEY: secretKey,
        STRIPE_WEBHOOK_SECRET: 'whsec_unused',
      });
      const key = env.STRIPE_SECRET_KEY ?? '';
      expect(
        key.startsWith('sk_test_'),
        'Use a Stripe test-mode key (sk_test_…) for this test.',
      ).toBe(true);
      const provider = createStripeProvider({ secretKey: key, webhookSecret: 'whsec_unused' });
      const checkoutId = `live_test_${Date.now()}`;

      const created = await provider.createPayment({
        checkoutId,
        amount: 1_234,
        currencyCode: 'USD',
        email: 'payments-live-test@example.com',
        idempotencyKey: `shop-live-test:${checkoutId}`,
      });
      expect(created.providerRef).toMatch(/^pi_/);
      expect(created.clientSecret).toMatch(/_secret_/);

      await expect(provider.getPayment(created.providerRef)).resolves.toEqual({
        status: 'pending',
        amount: 1_234,
        currencyCode: 'USD',
      });
    });
  },
);
