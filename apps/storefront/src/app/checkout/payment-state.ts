/**
 * What `startStripePayment` answers, for `useActionState`: the checkout it started and the
 * PaymentIntent's client secret for Stripe.js, or one sentence for the shopper.
 */
export type StripeStartState =
  | { status: 'idle' }
  | { status: 'error'; message: string }
  | { status: 'ready'; checkoutId: string; clientSecret: string };

export const stripeIdle: StripeStartState = { status: 'idle' };

/**
 * What `pollCheckoutStatus` answers while there is no order (once there is one, the action
 * redirects to the confirmation instead). `missing`: this browser may not see that checkout.
 */
export type CheckoutProgress =
  | { status: 'pending' | 'expired' | 'failed'; failureReason: string | null }
  | { status: 'missing' };
