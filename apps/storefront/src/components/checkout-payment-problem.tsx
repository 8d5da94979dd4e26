import Link from 'next/link';
import { retryCheckoutPayment } from '~/app/checkout/actions';

/**
 * A payment that did not become an order: the reason in the shopper's words and the way back.
 * "Try again" releases the checkout's hold first (see `retryCheckoutPayment`). Used by the
 * complete page and by its poller, so it holds no state.
 */
export function CheckoutPaymentProblem({
  checkoutId,
  reason,
  isRefunded,
}: {
  checkoutId: string;
  reason: string;
  /** The payment was taken but could not become an order (it is being refunded). */
  isRefunded: boolean;
}) {
  return (
    <div className="flex flex-col items-center text-center" data-testid="payment-problem">
      <span
        aria-hidden="true"
        className="inline-flex h-12 w-12 items-center justify-center rounded-full bg-danger-soft text-xl font-semibold text-danger"
      >
        !
      </span>
      <h1 className="mt-4 text-2xl font-semibold tracking-tight sm:text-3xl">
        {isRefunded ? 'We could not place your order' : 'Your payment did not go through'}
      </h1>
      <p
        role="alert"
        className="mt-4 max-w-md rounded-sm bg-danger-soft px-4 py-3 text-sm font-medium text-danger"
      >
        {reason}
      </p>
      <p className="mt-3 max-w-md text-sm text-neutral-600">
        {isRefunded
          ? 'Your payment will be refunded in full. Your cart is as you left it.'
          : 'Nothing was charged. Your cart is as you left it; you can try another card.'}
      </p>
      <div className="mt-8 flex w-full max-w-xs flex-col gap-3 sm:w-auto sm:max-w-none sm:flex-row">
        <form action={retryCheckoutPayment}>
          <input type="hidden" name="checkoutId" value={checkoutId} />
          <button
            type="submit"
            className="h-11 w-full rounded-sm bg-accent px-5 text-sm font-medium text-white hover:bg-accent-strong sm:w-auto"
          >
            Back to checkout
          </button>
        </form>
        <Link
          href="/cart"
          className="inline-flex h-11 w-full items-center justify-center rounded-sm border border-neutral-300 bg-white px-5 text-sm font-medium hover:border-neutral-900 sm:w-auto"
        >
          View cart
        </Link>
      </div>
    </div>
  );
}
