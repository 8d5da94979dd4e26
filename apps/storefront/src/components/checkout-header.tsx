import Link from 'next/link';

/** A quiet header for checkout: the logo and a way back to the cart, nothing to wander off to. */
export function CheckoutHeader({ home }: { home: string }) {
  return (
    <header className="border-b border-neutral-200 bg-white">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-3 focus:left-4 focus:rounded-sm focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <div className="mx-auto flex h-14 max-w-6xl items-center justify-between gap-4 px-4 sm:px-6">
        <Link href={home} className="text-lg font-semibold tracking-tight">
          Shop
        </Link>
        <p className="flex items-center gap-1.5 text-sm text-neutral-600">
          <svg
            aria-hidden="true"
            viewBox="0 0 24 24"
            className="h-4 w-4"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
            strokeLinejoin="round"
          >
            <rect x="5" y="11" width="14" height="10" rx="2" />
            <path d="M8 11V7a4 4 0 0 1 8 0v4" />
          </svg>
          Secure checkout
        </p>
      </div>
    </header>
  );
}
