import Link from 'next/link';
import type { ReactNode } from 'react';
import { MAX_SEARCH_TEXT, type CategoryNode, type SearchResponse } from '@shop/validators';
import type { SearchParams } from '~/lib/catalog-query';
import { listingPath, searchPath } from '~/lib/region';
import {
  clearFilters,
  DEFAULT_SEARCH_SORT,
  hasFilterParams,
  hasOptionParams,
  isNarrowed,
  offersFilters,
  parseSearchQuery,
  searchHref,
  searchQueryString,
  searchText,
  toSearchInput,
  urlVocabulary,
  vocabularyOf,
  withCursor,
  type SearchQuery,
  type SearchVocabulary,
} from '~/lib/search-query';
import { getCategoryTree, getCollections, getCurrentRegion } from '~/server/catalog';
import { getOptionNames, searchProducts, searchVocabulary } from '~/server/search';
import { PageLinks } from './page-links';
import { ProductCard } from './product-card';
import { SearchFacets } from './search-facets';
import { SearchHighlight } from './search-highlight';
import { SearchSortForm } from './search-sort';

const PAGE_SIZE = 24;

const quoted = (q: string) => `“${q}”`;

/**
 * The search page: what was searched and how many results, "did you mean" after a typo, the
 * facets and the sort (both in the URL), one page of results with a link to the next, and help
 * when nothing matched. Input the API refuses (a page link of another search) gets a sentence and
 * a way back, never an error page; words over the API's limit are cut and the page says so.
 */
export async function SearchResults({
  region,
  searchParams,
}: {
  region: string;
  searchParams: SearchParams;
}) {
  const current = await getCurrentRegion(region);
  const currencyCode = current.currencyCode;
  const { q, truncated } = searchText(searchParams);
  if (q === '') {
    return (
      <Shell>
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">Search the shop</h1>
        <p className="mt-2 text-neutral-600">
          Type what you are looking for in the search box: a product, a brand, a colour.
        </p>
        <BrowseSuggestions region={region} />
      </Shell>
    );
  }

  const { query, outcome } = await search(region, searchParams, currencyCode);

  const notice = truncated ? (
    <p className="mt-3 text-sm text-neutral-700" data-testid="search-truncated">
      A search can be at most {MAX_SEARCH_TEXT} characters long, so we searched for the first{' '}
      {MAX_SEARCH_TEXT}.
    </p>
  ) : null;

  if (!outcome.ok) {
    return (
      <Shell>
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">
          Search for {quoted(shorten(q))}
        </h1>
        {notice}
        <p className="mt-3 text-neutral-700" role="alert" data-testid="search-refused">
          {outcome.message}
        </p>
        <Link
          href={searchHref(region, { q, sort: DEFAULT_SEARCH_SORT, filters: {} }, currencyCode)}
          className="mt-4 inline-block text-sm text-accent underline"
        >
          Search for {quoted(shorten(q))} again
        </Link>
      </Shell>
    );
  }

  const { response } = outcome;
  const narrowed = isNarrowed(query.filters);
  const showFacets = response.facets !== null && (response.total > 0 || narrowed);

  return (
    <Shell>
      <header className="max-w-3xl">
        <h1
          className="text-2xl font-semibold tracking-tight sm:text-3xl"
          data-testid="search-summary"
          data-total={response.total}
        >
          {response.total === 0
            ? `No results for ${quoted(shorten(q))}`
            : `${response.total} ${response.total === 1 ? 'result' : 'results'} for ${quoted(shorten(q))}`}
        </h1>
        {notice}
        {response.approximate ? (
          <DidYouMean
            region={region}
            response={response}
            query={query}
            currencyCode={currencyCode}
          />
        ) : null}
      </header>

      <div className="mt-8 gap-10 lg:grid lg:grid-cols-[15rem_1fr]">
        {showFacets && response.facets ? (
          <aside aria-label="Filter results">
            <details
              className="group rounded-lg border border-neutral-200 p-4 lg:border-0 lg:p-0 lg:[&::details-content]:[content-visibility:visible] lg:[&>summary]:hidden"
              open={narrowed || undefined}
            >
              <summary className="flex cursor-pointer items-center justify-between text-sm font-semibold">
                Filter
                <span aria-hidden="true" className="text-neutral-500 group-open:rotate-180">
                  ▾
                </span>
              </summary>
              <div className="mt-4 lg:mt-0">
                <SearchFacets
                  region={region}
                  query={query}
                  facets={response.facets}
                  currencyCode={currencyCode}
                />
              </div>
            </details>
          </aside>
        ) : (
          <div />
        )}

        <section aria-labelledby="search-results-heading" className="mt-8 lg:mt-0">
          <div className="flex flex-wrap items-center justify-between gap-3 border-b border-neutral-200 pb-3">
            <h2 id="search-results-heading" className="text-sm text-neutral-600">
              {response.total === 0 ? 'Nothing found' : 'Results'}
              {narrowed ? ', filtered' : ''}
              {query.cursor ? ', continued' : ''}
            </h2>
            {response.total > 0 ? (
              <SearchSortForm
                key={query.sort}
                action={searchPath(region)}
                sort={query.sort}
                hidden={sortFields(query, currencyCode)}
              />
            ) : null}
          </div>

          {response.items.length === 0 ? (
            <NoResults
              region={region}
              query={query}
              narrowed={narrowed}
              currencyCode={currencyCode}
            />
          ) : (
            <ul
              className="mt-6 grid grid-cols-2 gap-x-4 gap-y-8 sm:grid-cols-3"
              data-testid="search-results"
            >
              {response.items.map((hit, i) => (
                <ProductCard
                  key={hit.id}
                  product={hit}
                  region={region}
                  eager={!query.cursor && i < 3}
                  title={hit.highlight ? <SearchHighlight segments={hit.highlight} /> : undefined}
                />
              ))}
            </ul>
          )}

          {response.items.length > 0 ? (
            <PageLinks
              first={
                query.cursor ? searchHref(region, withCursor(query, undefined), currencyCode) : null
              }
              next={
                response.nextCursor
                  ? searchHref(region, withCursor(query, response.nextCursor), currencyCode)
                  : null
              }
            />
          ) : null}
        </section>
      </div>
    </Shell>
  );
}

/**
 * The search the URL asks for, and its answer. Values in the URL are kept only when these words
 * can be narrowed to them; a URL without filters needs no such check.
 *
 * The check costs no query of its own when it can: the URL's own values are searched for, and
 * when the answer's facets offer each of them (they are disjunctive, so a chosen value is still
 * offered under its own field), every one is among the unfiltered search's values too and the
 * answer stands. Otherwise (a value no result has, a parameter that names no option of the
 * catalog, input the API refused) the unfiltered search's facets decide which values count and
 * the search runs again with those. Categories are checked against the whole tree: the category
 * facet offers one level at a time (the roots, then a chosen category's children).
 */
async function search(region: string, params: SearchParams, currencyCode: string) {
  const run = async (vocabulary: SearchVocabulary) => {
    const query = parseSearchQuery(params, { vocabulary, currencyCode });
    return { query, outcome: await searchProducts(toSearchInput(query, region, PAGE_SIZE)) };
  };
  if (!hasFilterParams(params)) return run(vocabularyOf(null));

  const [tree, optionNames] = await Promise.all([
    getCategoryTree(),
    hasOptionParams(params) ? getOptionNames() : [],
  ]);
  const categories = categoryHandles(tree);
  const own = urlVocabulary(params, optionNames);
  if (own) {
    const first = await run({ ...own, categories });
    if (first.outcome.ok && offersFilters(first.outcome.response.facets, first.query.filters)) {
      return first;
    }
  }
  const facets = await searchVocabulary(region, searchText(params).q);
  return run({ ...vocabularyOf(facets), categories });
}

function categoryHandles(tree: CategoryNode[]): string[] {
  return tree.flatMap((node) => [node.handle, ...categoryHandles(node.children)]);
}

function Shell({ children }: { children: ReactNode }) {
  return <div className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-10">{children}</div>;
}

/** Long words in a heading are cut (the full text is still what was searched). */
function shorten(q: string): string {
  return q.length > 80 ? `${q.slice(0, 80)}…` : q;
}

/** The view's parameters but the sort and the page, for the sort form's hidden fields. */
function sortFields(query: SearchQuery, currencyCode: string): Array<[string, string]> {
  const rest = { q: query.q, sort: DEFAULT_SEARCH_SORT, filters: query.filters };
  return [...new URLSearchParams(searchQueryString(rest, currencyCode))].filter(
    ([name]) => name !== 'sort',
  );
}

function DidYouMean({
  region,
  response,
  query,
  currencyCode,
}: {
  region: string;
  response: SearchResponse;
  query: SearchQuery;
  currencyCode: string;
}) {
  const corrected = response.didYouMean;
  return (
    <p className="mt-3 text-neutral-700" data-testid="did-you-mean">
      No exact matches, so these are for similar spellings.
      {corrected && corrected !== query.q ? (
        <>
          {' '}
          Did you mean{' '}
          <Link
            href={searchHref(region, { q: corrected, sort: query.sort, filters: {} }, currencyCode)}
            className="font-semibold text-accent underline"
          >
            {corrected}
          </Link>
          ?
        </>
      ) : null}
    </p>
  );
}

function NoResults({
  region,
  query,
  narrowed,
  currencyCode,
}: {
  region: string;
  query: SearchQuery;
  narrowed: boolean;
  currencyCode: string;
}) {
  return (
    <div className="py-10" data-testid="search-no-results">
      <ul className="list-disc space-y-1 pl-5 text-neutral-700">
        {narrowed ? (
          <li>
            <Link
              href={searchHref(region, clearFilters(query), currencyCode)}
              className="text-accent underline"
            >
              Search again without the filters
            </Link>
          </li>
        ) : null}
        <li>Check the spelling of the words.</li>
        <li>Try fewer words, or more general ones (“shirt” rather than “linen shirt”).</li>
      </ul>
      <BrowseSuggestions region={region} />
    </div>
  );
}

/** Somewhere to go when words did not help: the top categories and the collections. */
async function BrowseSuggestions({ region }: { region: string }) {
  const [tree, collections] = await Promise.all([getCategoryTree(), getCollections()]);
  const links = [
    ...tree.map((c) => ({
      key: `c-${c.id}`,
      href: listingPath(region, 'category', c.handle),
      label: c.name,
    })),
    ...collections.map((c) => ({
      key: `k-${c.id}`,
      href: listingPath(region, 'collection', c.handle),
      label: c.title,
    })),
  ];
  if (links.length === 0) return null;
  return (
    <nav aria-labelledby="browse-suggestions" className="mt-8">
      <h2 id="browse-suggestions" className="text-sm font-semibold">
        Or browse
      </h2>
      <ul className="mt-3 flex flex-wrap gap-2">
        {links.map((link) => (
          <li key={link.key}>
            <Link
              href={link.href}
              className="inline-flex h-9 items-center rounded-sm border border-neutral-300 px-3 text-sm hover:border-neutral-500"
            >
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
