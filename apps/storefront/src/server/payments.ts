import { getPaymentProvider, type PaymentProvider } from '@shop/payments';

/**
 * The payment provider checkouts are paid with: one per process, configured from the environment
 * on first use (`createPaymentProvider(readPaymentsEnv())`, memoised by `@shop/payments` so the
 * Stripe webhook route and the checkout share the same instance). The test provider unless
 * `STRIPE_SECRET_KEY` is set; a Stripe key without its webhook secret throws a one-sentence
 * ConfigError on first use.
 */
export function getPayments(): PaymentProvider {
  return getPaymentProvider();
}

/** What a page may know about the provider (never the provider object itself). */
export function describePayments(): { id: PaymentProvider['id']; label: string } {
  const provider = getPayments();
  return { id: provider.id, label: provider.label };
}
