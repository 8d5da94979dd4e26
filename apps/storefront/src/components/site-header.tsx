import Link from 'next/link';

/** The shop's header; `regionName` is absent on pages outside a region (the global 404). */
export function SiteHeader({ regionName }: { regionName?: string }) {
  return (
    <header className="sticky top-0 z-10 border-b border-neutral-200 bg-white/90 backdrop-blur">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-3 focus:rounded-sm focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <div className="mx-auto flex h-14 max-w-6xl items-center justify-between gap-4 px-4 sm:px-6">
        <Link href="/" className="text-lg font-semibold tracking-tight">
          Shop
        </Link>
        {regionName ? (
          <p className="text-sm text-neutral-600">
            <span className="sr-only">Region: </span>
            <span data-testid="region-name">{regionName}</span>
          </p>
        ) : null}
      </div>
    </header>
  );
}
