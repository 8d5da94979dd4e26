'use client';

import Link from 'next/link';
import { useEffect, type ReactNode } from 'react';

/**
 * What a page shows instead of the framework's error page when its data cannot be read: one
 * calm sentence, a way to try again and a way home. The details stay in the server log under
 * the reference (the browser never sees a message or a stack from the server).
 *
 * `onRetry` (an error boundary's `retry`) re-renders the segment in place; without it the retry
 * is a plain link (`retryHref`), so a page rendered on the server works without JavaScript.
 */
export function RetryMessage({
  title,
  children,
  reference,
  onRetry,
  retryHref,
}: {
  title: string;
  children: ReactNode;
  reference?: string | null;
  onRetry?: () => void;
  retryHref?: string;
}) {
  const button =
    'inline-flex h-11 items-center rounded-sm bg-accent px-5 text-sm font-medium text-white hover:bg-accent-strong';
  return (
    <section
      className="mx-auto flex max-w-xl flex-col items-center px-4 py-24 text-center"
      role="alert"
      data-testid="retry-message"
    >
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      <p className="mt-3 text-neutral-600">
        {children}
        {reference ? (
          <span className="mt-1 block text-xs text-neutral-500">Reference: {reference}</span>
        ) : null}
      </p>
      <div className="mt-8 flex gap-3">
        {onRetry || !retryHref ? (
          <button type="button" onClick={() => onRetry?.()} className={button}>
            Try again
          </button>
        ) : (
          <a href={retryHref} className={button}>
            Try again
          </a>
        )}
        <Link
          href="/"
          className="inline-flex h-11 items-center rounded-sm border border-neutral-300 px-5 text-sm font-medium hover:bg-neutral-50"
        >
          Go home
        </Link>
      </div>
    </section>
  );
}

/** The props Next passes to an `error.tsx` boundary. */
interface ErrorBoundaryProps {
  error: unknown;
  retry: () => void;
}

/**
 * An `error.tsx` component for a route segment: logs the error in the browser console (the
 * server logged it under the digest) and shows `title` and `message` with a retry button.
 */
export function errorBoundary(title: string, message: string) {
  return function SegmentError({ error, retry }: ErrorBoundaryProps) {
    useEffect(() => {
      console.error(error);
    }, [error]);
    const digest = error instanceof Error && 'digest' in error ? String(error.digest) : null;
    return (
      <RetryMessage title={title} reference={digest} onRetry={retry}>
        {message}
      </RetryMessage>
    );
  };
}
