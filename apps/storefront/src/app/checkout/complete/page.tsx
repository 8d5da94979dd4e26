import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { CheckoutPaymentProblem } from '~/components/checkout-payment-problem';
import { CheckoutStatusPoller } from '~/components/checkout-status-poller';
import { isCheckoutId, lookUpCheckout } from '../last-checkout';

// Per shopper and checkout: rendered on every request, never cached or indexed; the checkout id
// in the URL is not sent on to other sites.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Confirming your payment',
  robots: { index: false, follow: false },
  referrer: 'no-referrer',
};

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * Where the shopper lands after paying with Stripe: straight from the card form, or back from a
 * bank's page (Stripe then adds `redirect_status`). The order is placed by the webhook, so this
 * page waits for it (`CheckoutStatusPoller`) and then goes to the confirmation. A checkout this
 * browser cannot prove it started is a 404.
 */
export default async function CheckoutCompletePage({
  searchParams,
}: {
  searchParams: SearchParams;
}) {
  const { checkout, redirect_status: redirectStatus } = await searchParams;
  if (!isCheckoutId(checkout)) notFound();
  const found = await lookUpCheckout(checkout);
  if (!found) notFound();
  const { status, failureReason } = found.status;

  // Stripe's word that the bank step failed; success is only ever taken from the webhook.
  const didRedirectFail = redirectStatus === 'failed' && status === 'pending';

  return (
    <div className="mx-auto max-w-xl px-4 py-16 sm:px-6 sm:py-24">
      {status === 'failed' || didRedirectFail ? (
        <CheckoutPaymentProblem
          checkoutId={checkout}
          reason={
            failureReason ??
            (status === 'failed'
              ? 'Your payment could not become an order.'
              : 'Your bank did not approve the payment.')
          }
          isRefunded={status === 'failed'}
        />
      ) : (
        <CheckoutStatusPoller checkoutId={checkout} />
      )}
    </div>
  );
}
