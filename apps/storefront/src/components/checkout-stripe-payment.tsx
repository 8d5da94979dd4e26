'use client';

import { useActionState } from 'react';
import { startStripePayment } from '~/app/checkout/actions';
import { stripeIdle, type StripeStartState } from '~/app/checkout/payment-state';
import { CheckoutStripeForm } from './checkout-stripe-form';
import { CheckoutPayFooter } from './checkout-pay-footer';

/**
 * The payment step with Stripe. "Continue to payment" starts the checkout on the server (stock
 * and discount are held from then on) and gets the PaymentIntent's client secret; the card form
 * (Stripe's Payment Element) then takes over. The page renders this with a `key` that changes
 * whenever the cart does, so an edit after starting shows this button again and the next start
 * prices the cart afresh (replacing the earlier checkout and releasing its hold). `isFree` (the
 * server's total is 0): the same start places the order at once and redirects, with no card form.
 */
export function CheckoutStripePayment({
  publishableKey,
  attemptKey,
  totalLabel,
  isFree = false,
}: {
  publishableKey: string;
  attemptKey: string;
  totalLabel: string;
  isFree?: boolean;
}) {
  const [state, formAction, isPending] = useActionState<StripeStartState, FormData>(
    startStripePayment,
    stripeIdle,
  );

  if (state.status === 'ready') {
    return (
      <CheckoutStripeForm
        publishableKey={publishableKey}
        clientSecret={state.clientSecret}
        checkoutId={state.checkoutId}
        totalLabel={totalLabel}
      />
    );
  }

  return (
    <form action={formAction} className="flex flex-col gap-4" data-testid="stripe-start-form">
      <input type="hidden" name="attemptKey" value={attemptKey} />
      {isFree ? null : (
        <p className="text-sm text-neutral-600">
          You enter your card in Stripe&apos;s secure form on the next step; this shop never sees
          your card number.
        </p>
      )}
      <CheckoutPayFooter
        error={state.status === 'error' ? state.message : null}
        isPending={isPending}
        idleLabel={isFree ? 'Place free order' : 'Continue to payment'}
        pendingLabel={isFree ? 'Placing order…' : 'Preparing payment…'}
        totalLabel={totalLabel}
      />
    </form>
  );
}
