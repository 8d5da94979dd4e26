'use client';

import Link from 'next/link';
import { useEffect } from 'react';

/** Anything other than "not found": the details stay in the server log under the digest. */
export default function RegionError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error && 'digest' in error ? String(error.digest) : null;
  return (
    <section
      className="mx-auto flex max-w-xl flex-col items-center px-4 py-24 text-center"
      role="alert"
    >
      <h1 className="text-2xl font-semibold tracking-tight">Something went wrong</h1>
      <p className="mt-3 text-neutral-600">
        We couldn&apos;t load this page. Please try again in a moment.
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
