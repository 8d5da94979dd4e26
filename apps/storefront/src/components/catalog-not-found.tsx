import { RegionHomeLink } from './region-home-link';

/** The 404 of shopper pages: an unknown product, category or collection, or a stale link. */
export function CatalogNotFound() {
  return (
    <section className="mx-auto flex max-w-xl flex-col items-center px-4 py-24 text-center">
      <p className="text-sm font-semibold text-accent">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight sm:text-3xl">
        We couldn&apos;t find that page
      </h1>
      <p className="mt-3 text-neutral-600">
        The product or category may have been renamed or is no longer available.
      </p>
      <RegionHomeLink className="mt-8 inline-flex h-11 items-center rounded-sm bg-accent px-5 text-sm font-medium text-white hover:bg-accent-strong">
        Back to the shop
      </RegionHomeLink>
    </section>
  );
}
