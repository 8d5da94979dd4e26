'use client';

import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
// The `pure` entry loads Stripe.js only when `loadStripe` is called (the main entry injects the
// script as soon as it is imported), so pages without the card form never contact Stripe.
import { loadStripe } from '@stripe/stripe-js/pure';
import type { Appearance, Stripe, StripeError } from '@stripe/stripe-js';

const loaded = new Map<string, Promise<Stripe | null>>();

/**
 * Stripe.js, once per publishable key. A load failure (offline, blocked) resolves to null so the
 * form can say so, and is forgotten so that the next mount tries again.
 */
function getStripe(publishableKey: string): Promise<Stripe | null> {
  let stripe = loaded.get(publishableKey);
  if (!stripe) {
    stripe = loadStripe(publishableKey).catch(() => {
      loaded.delete(publishableKey);
      return null;
    });
    loaded.set(publishableKey, stripe);
  }
  return stripe;
}

/** The shop's tokens (tooling/tailwind/theme.css) in the hex Stripe's iframe understands. */
const appearance: Appearance = {
  theme: 'stripe',
  variables: {
    colorPrimary: '#006c72',
    colorDanger: '#b7191c',
    colorText: '#14191e',
    colorTextSecondary: '#50565d',
    borderRadius: '6px',
    fontFamily:
      "ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
    spacingUnit: '4px',
  },
};

const LOAD_FAILED =
  'The card form could not be loaded. Check your connection, then reload the page to try again.';

/**
 * Stripe's Payment Element for a started checkout, and "Pay now". Mounted once the server has
 * created the PaymentIntent; its client secret cannot change afterwards (a new checkout mounts a
 * new form).
 */
export function CheckoutStripeForm({
  publishableKey,
  clientSecret,
  checkoutId,
  totalLabel,
}: {
  publishableKey: string;
  clientSecret: string;
  checkoutId: string;
  totalLabel: string;
}) {
  const [stripe] = useState(() => getStripe(publishableKey));
  const [loadError, setLoadError] = useState<string | null>(null);
  const options = useMemo(() => ({ clientSecret, appearance }), [clientSecret]);

  useEffect(() => {
    let isCurrent = true;
    void stripe.then((instance) => {
      if (isCurrent && !instance) setLoadError(LOAD_FAILED);
    });
    return () => {
      isCurrent = false;
    };
  }, [stripe]);

  return (
    <Elements stripe={stripe} options={options}>
      <PayForm
        checkoutId={checkoutId}
        totalLabel={totalLabel}
        loadError={loadError}
        onLoadError={() => setLoadError(LOAD_FAILED)}
      />
    </Elements>
  );
}

/**
 * Stripe's sentence for what the shopper can fix (a declined or mistyped card); a plain one for
 * everything else, whose details are for the logs, not the shopper.
 */
function shopperMessage(error: StripeError): string {
  if ((error.type === 'card_error' || error.type === 'validation_error') && error.message) {
    return error.message;
  }
  return 'Your payment could not be completed. Please try again in a moment.';
}

function PayForm({
  checkoutId,
  totalLabel,
  loadError,
  onLoadError,
}: {
  checkoutId: string;
  totalLabel: string;
  loadError: string | null;
  onLoadError: () => void;
}) {
  const stripe = useStripe();
  const elements = useElements();
  const router = useRouter();
  const [isReady, setReady] = useState(false);
  const [isPaying, setPaying] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const completePath = `/checkout/complete?${new URLSearchParams({ checkout: checkoutId }).toString()}`;

  async function pay(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!stripe || !elements || isPaying) return;
    setPaying(true);
    setError(null);
    const result = await stripe.confirmPayment({
      elements,
      // Used only when the payment method needs a redirect (a bank's page); Stripe then appends
      // payment_intent, payment_intent_client_secret and redirect_status to it.
      confirmParams: { return_url: new URL(completePath, window.location.origin).toString() },
      redirect: 'if_required',
    });
    // Paid already (a second click, another tab): the complete page waits for the order.
    const isAlreadyPaid = result.error?.payment_intent?.status === 'succeeded';
    if (result.error && !isAlreadyPaid) {
      setError(shopperMessage(result.error));
      setPaying(false);
      return;
    }
    // Succeeded or processing: the webhook places the order; the complete page waits for it.
    router.push(completePath);
  }

  const message = loadError ?? error;
  return (
    <form onSubmit={pay} className="flex flex-col gap-4" data-testid="stripe-payment-form">
      {loadError ? null : (
        <div className="relative min-h-60">
          {isReady ? null : (
            <div
              aria-hidden="true"
              className="absolute inset-0 flex animate-pulse flex-col gap-3 motion-reduce:animate-none"
            >
              <div className="h-4 w-24 rounded-sm bg-neutral-200" />
              <div className="h-12 rounded-sm bg-neutral-100" />
              <div className="flex gap-3">
                <div className="h-12 flex-1 rounded-sm bg-neutral-100" />
                <div className="h-12 flex-1 rounded-sm bg-neutral-100" />
              </div>
              <div className="h-12 rounded-sm bg-neutral-100" />
            </div>
          )}
          <PaymentElement
            options={{ layout: 'tabs' }}
            onReady={() => setReady(true)}
            onLoadError={onLoadError}
          />
        </div>
      )}
      {isReady || loadError ? null : (
        <p role="status" className="sr-only">
          Loading the card form…
        </p>
      )}
      {message ? (
        <p
          role="alert"
          data-testid="payment-error"
          className="rounded-sm bg-danger-soft px-3 py-2 text-sm font-medium text-danger"
        >
          {message}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={!stripe || !elements || !isReady || isPaying || loadError !== null}
        aria-describedby="checkout-pay-total"
        className="h-13 rounded-sm bg-accent px-6 text-base font-semibold text-white hover:bg-accent-strong disabled:opacity-60"
      >
        {isPaying ? 'Paying…' : 'Pay now'}
      </button>
      <p id="checkout-pay-total" className="-mt-2 text-center text-sm text-neutral-600">
        You pay <span className="font-semibold text-neutral-900">{totalLabel}</span>
      </p>
    </form>
  );
}
