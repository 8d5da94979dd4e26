'use client';

import Link from 'next/link';
import { useEffect, type ReactNode } from 'react';

/**
 * What a route segment's error boundary shows instead of the framework's error page: one calm
 * sentence, a retry button and a way home. The details stay in the server log under the digest
 * (the browser never sees a message or a stack from the server).
 */
export function RetryMessage({
  error,
  retry,
  title,
  children,
}: {
  error: unknown;
  retry: () => void;
  title: string;
  children: ReactNode;
}) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error && 'digest' in error ? String(error.digest) : null;
  return (
    <section
      className="mx-auto flex max-w-xl flex-col items-center px-4 py-24 text-center"
      role="alert"
      data-testid="retry-message"
    >
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      <p className="mt-3 text-neutral-600">
        {children}
        {digest ? (
          <span className="mt-1 block text-xs text-neutral-500">Reference: {digest}</span>
        ) : null}
      </p>
      <div className="mt-8 flex gap-3">
        <button
          type="button"
          onClick={() => retry()}
          className="inline-flex h-11 items-center rounded-sm bg-accent px-5 text-sm font-medium text-white hover:bg-accent-strong"
        >
          Try again
        </button>
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
export interface ErrorBoundaryProps {
  error: unknown;
  retry: () => void;
}
