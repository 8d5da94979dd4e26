'use client';

import { RetryMessage, type ErrorBoundaryProps } from '../retry-message';

/** An account page could not read the shopper's data. */
export default function AccountError(props: ErrorBoundaryProps) {
  return (
    <RetryMessage {...props} title="Your account is unavailable right now">
      We couldn&apos;t load your account just now. Please try again in a moment.
    </RetryMessage>
  );
}
