'use client';

import { RetryMessage, type ErrorBoundaryProps } from '../retry-message';

/** The cart could not be read (the database is unreachable, say): the shopper's lines are kept. */
export default function CartError(props: ErrorBoundaryProps) {
  return (
    <RetryMessage {...props} title="We can't show your cart right now">
      Your cart is safe. We couldn&apos;t reach it just now; please try again in a moment.
    </RetryMessage>
  );
}
