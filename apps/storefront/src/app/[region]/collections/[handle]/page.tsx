import type { Metadata } from 'next';
import { CatalogListingPage, listingMetadata } from '~/components/catalog-listing-page';

// Static and cached (ISR): the unfiltered first page, rendered on the first visit per region,
// never at build time, refreshed when `catalog` or a shown product's tag is revalidated. URLs
// with a query string link to the dynamic twin `./q` (see `listingPath`).
export const revalidate = 3600;
export const dynamicParams = true;
export function generateStaticParams(): Array<{ region: string; handle: string }> {
  return [];
}

type Params = Promise<{ region: string; handle: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { region, handle } = await params;
  return listingMetadata(region, 'collection', handle, { filtered: false });
}

export default async function CollectionPage({ params }: { params: Params }) {
  const { region, handle } = await params;
  return <CatalogListingPage region={region} kind="collection" handle={handle} />;
}
