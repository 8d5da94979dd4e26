'use client';

import { RetryMessage, type ErrorBoundaryProps } from '../retry-message';

/** Checkout could not be read or started; nothing has been charged by a page that failed. */
export default function CheckoutError(props: ErrorBoundaryProps) {
  return (
    <RetryMessage {...props} title="Checkout is unavailable right now">
      Nothing has been charged. Your cart is safe; please try again in a moment.
    </RetryMessage>
  );
}
