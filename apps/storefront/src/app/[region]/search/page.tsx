import type { Metadata } from 'next';
import { SearchResults } from '~/components/search-results';
import type { SearchParams } from '~/lib/catalog-query';
import { searchText } from '~/lib/search-query';
import { requireRegion } from '~/server/region';

// Rendered per request (it reads `searchParams`), from the search API without a cache: the words
// are too varied for one to be hit, and an edit must show in results within seconds.
type Params = Promise<{ region: string }>;
type Search = Promise<SearchParams>;

/** Results pages stay out of search engines' indexes; their links are still followed. */
export async function generateMetadata({
  searchParams,
}: {
  searchParams: Search;
}): Promise<Metadata> {
  const { q } = searchText(await searchParams);
  return {
    title: q === '' ? 'Search' : `Results for “${q.length > 60 ? `${q.slice(0, 60)}…` : q}”`,
    robots: { index: false, follow: true },
  };
}

export default async function SearchPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Search;
}) {
  const [{ region }, search] = await Promise.all([params, searchParams]);
  await requireRegion(region);
  return <SearchResults region={region} searchParams={search} />;
}
