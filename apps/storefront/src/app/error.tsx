'use client';

import { RetryMessage, type ErrorBoundaryProps } from './retry-message';

/**
 * The last boundary inside the root layout: a failing segment layout (the account pages' header
 * reads the catalog) shows this rather than the framework's error page.
 */
export default function RootError(props: ErrorBoundaryProps) {
  return (
    <RetryMessage {...props} title="Something went wrong">
      We couldn&apos;t load this page. Please try again in a moment.
    </RetryMessage>
  );
}
