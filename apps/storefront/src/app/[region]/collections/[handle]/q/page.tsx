import type { Metadata } from 'next';
import { CatalogListingPage, listingMetadata } from '~/components/catalog-listing-page';
import type { SearchParams } from '~/lib/catalog-query';

// Sorted, filtered and later pages of a collection: `/us/collections/<handle>/q?...`, which the
// storefront links to directly (the proxy rewrites a hand-typed one without `/q`).
// Reading `searchParams` makes the page render per request; what it reads is cached instead:
// every data read goes through `unstable_cache`, keyed by the normalised query and tagged
// `catalog` (+ `product:<id>` for the cards shown), so a render costs no database round trip
// until one of those tags is revalidated.
type Params = Promise<{ region: string; handle: string }>;
type Search = Promise<SearchParams>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { region, handle } = await params;
  return listingMetadata(region, 'collection', handle, { filtered: true });
}

export default async function FilteredCollectionPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Search;
}) {
  const [{ region, handle }, search] = await Promise.all([params, searchParams]);
  return (
    <CatalogListingPage region={region} kind="collection" handle={handle} searchParams={search} />
  );
}
