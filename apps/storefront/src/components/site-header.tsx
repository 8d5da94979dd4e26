import Link from 'next/link';
import { Suspense } from 'react';
import type { CategoryLink, Region } from '@shop/validators';
import { listingPath, regionPath } from '~/lib/region';
import { CartLink } from './cart-link';
import { RegionSelector } from './region-selector';
import { SearchBox, SearchBoxFromUrl } from './search-box';

/**
 * The shop's header. Region, regions and categories are absent on pages outside a region (the
 * global 404, the cart), which then show only the logo (linking to `/`, which redirects to the
 * shopper's region). Every link points into the region shown. The search box sits between the navigation and the
 * shopper's links from tablet width up, and on a row of its own below them on phones.
 */
export function SiteHeader({
  region,
  regions = [],
  categories = [],
  home = region ? regionPath(region.code) : '/',
}: {
  region?: Region;
  /** Where the logo leads: the region's home (by default the shown region's). */
  home?: string;
  regions?: Region[];
  categories?: CategoryLink[];
}) {
  const nav =
    region && categories.length > 0 ? (
      <ul className="flex items-center gap-5 text-sm font-medium text-neutral-700">
        {categories.map((category) => (
          <li key={category.id}>
            <Link
              href={listingPath(region.code, 'category', category.handle)}
              className="whitespace-nowrap hover:text-neutral-900 hover:underline"
            >
              {category.name}
            </Link>
          </li>
        ))}
      </ul>
    ) : null;

  return (
    <header className="sticky top-0 z-10 border-b border-neutral-200 bg-white/95 backdrop-blur">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-3 focus:rounded-sm focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <div className="mx-auto flex min-h-14 max-w-6xl flex-wrap items-center justify-between gap-x-4 px-4 sm:px-6 md:flex-nowrap">
        <div className="flex items-center gap-8">
          <Link href={home} className="text-lg font-semibold tracking-tight">
            Shop
          </Link>
          {nav ? (
            <nav aria-label="Categories" className="hidden md:block">
              {nav}
            </nav>
          ) : null}
        </div>
        {region ? (
          <div className="order-last w-full pb-2.5 md:order-none md:w-64 md:shrink-0 md:pb-0 lg:w-80">
            {/* The fallback is the same box, empty: what static pages and browsers without
                JavaScript get. */}
            <Suspense fallback={<SearchBox region={region.code} />}>
              <SearchBoxFromUrl region={region.code} />
            </Suspense>
          </div>
        ) : null}
        {region ? (
          <div className="flex h-14 items-center gap-2 sm:gap-3">
            <p className={`text-sm text-neutral-600 ${regions.length > 1 ? 'sr-only' : ''}`}>
              <span className="sr-only">Region: </span>
              <span data-testid="region-name">{region.name}</span>
            </p>
            <div className="hidden md:block">
              <RegionSelector regions={regions} current={region} />
            </div>
            <div className="md:hidden">
              <RegionSelector regions={regions} current={region} compact />
            </div>
            <Link
              href="/account"
              className="inline-flex h-10 items-center text-sm font-medium text-neutral-700 underline-offset-4 hover:text-neutral-900 hover:underline"
            >
              Account
            </Link>
            <CartLink />
          </div>
        ) : null}
      </div>
      {nav ? (
        <nav
          aria-label="Categories"
          className="mx-auto max-w-6xl overflow-x-auto border-t border-neutral-100 px-4 py-2.5 md:hidden"
        >
          {nav}
        </nav>
      ) : null}
    </header>
  );
}
