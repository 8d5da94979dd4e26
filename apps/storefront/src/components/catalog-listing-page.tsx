import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { listingPath, regionAlternates, type ListingKind } from '~/lib/region';
import { requireRegion } from '~/server/region';
import {
  getCategory,
  getCategoryTree,
  getCollection,
  getCollectionProducts,
  getCollections,
  type ListingScope,
} from '~/server/catalog';
import { getBrowse, getScopeFacets } from '~/server/search';
import { CatalogBreadcrumbs, type Crumb } from './catalog-breadcrumbs';
import { CatalogCategoryNav } from './catalog-category-nav';
import { CatalogFilterForm } from './catalog-filter-form';
import { ListingQueryForward } from './listing-query-forward';
import {
  DEFAULT_QUERY,
  DEFAULT_SORT,
  isFiltered,
  listingSearch,
  optionParam,
  parseListingQuery,
  sortLabels,
  type SearchParams,
} from '~/lib/catalog-query';
import { PageLinks } from './page-links';
import { taxNote } from './price';
import { ProductCard } from './product-card';

export type { ListingKind };

const PAGE_SIZE = 24;

function scopeOf(kind: ListingKind, handle: string): ListingScope {
  return kind === 'category' ? { categoryHandle: handle } : { collectionHandle: handle };
}

/** Title and description of a category or collection, or null when it does not exist. */
async function loadHeading(kind: ListingKind, handle: string) {
  if (kind === 'category') {
    const category = await getCategory(handle);
    return category
      ? {
          title: category.name,
          description: `Shop ${category.name.toLowerCase()}: ${
            category.children.length > 0
              ? category.children.map((c) => c.name).join(', ')
              : 'our full range'
          }.`,
          category,
        }
      : null;
  }
  const collection = await getCollection(handle);
  return collection
    ? { title: collection.title, description: collection.description, category: null }
    : null;
}

/** Metadata for a category or collection page; filtered views are left out of search indexes. */
export async function listingMetadata(
  region: string,
  kind: ListingKind,
  handle: string,
  { filtered }: { filtered: boolean },
): Promise<Metadata> {
  const heading = await loadHeading(kind, handle);
  if (!heading) notFound();
  const alternates = regionAlternates(
    region,
    kind === 'category' ? `/c/${handle}` : `/collections/${handle}`,
  );
  const url = alternates.canonical;
  return {
    title: heading.title,
    description: heading.description,
    alternates,
    openGraph: { type: 'website', title: heading.title, description: heading.description, url },
    ...(filtered ? { robots: { index: false, follow: true } } : {}),
  };
}

/**
 * A category or collection page: breadcrumbs, category navigation, the filter form and one page
 * of products with a link to the next. `searchParams` is absent on the static (ISR) variant,
 * which shows the unfiltered first page.
 */
export async function CatalogListingPage({
  region,
  kind,
  handle,
  searchParams,
}: {
  region: string;
  kind: ListingKind;
  handle: string;
  searchParams?: SearchParams;
}) {
  const current = await requireRegion(region);
  const scope = scopeOf(kind, handle);
  const heading = await loadHeading(kind, handle);
  if (!heading) notFound();
  const [scopeFacets, tree, collections] = await Promise.all([
    getScopeFacets(region, scope),
    getCategoryTree(),
    getCollections(),
  ]);

  // What the whole category or collection offers decides which of the URL's values count; the
  // listing then comes from the same engine as search, with the counts of this view.
  const facets = {
    options: (scopeFacets?.options ?? []).map((o) => ({
      name: o.name,
      values: o.values.map((v) => v.value),
    })),
  };
  const vendors = (scopeFacets?.vendors ?? []).map((v) => v.value);
  const query = searchParams
    ? parseListingQuery(searchParams, { facets, vendors, currencyCode: current.currencyCode })
    : DEFAULT_QUERY;
  // A collection unsorted and unfiltered shows the merchant's order (its cursor is that
  // order's); the engine still counts the facets and the total of the same products.
  const manual = kind === 'collection' && !isFiltered(query) && query.sort === DEFAULT_SORT;
  const [listing, manualPage] = await Promise.all([
    getBrowse(region, scope, manual ? { ...query, cursor: undefined } : query, PAGE_SIZE),
    manual ? getCollectionProducts(region, handle, query, PAGE_SIZE) : null,
  ]);
  if (!listing || (manual && !manualPage)) notFound();
  const shown = manualPage ?? listing;

  const path = listingPath(region, kind, handle);
  const category = heading.category;
  const trail: Crumb[] = category
    ? category.ancestors.map((a) => ({
        label: a.name,
        href: listingPath(region, 'category', a.handle),
      }))
    : [];
  const openIds = new Set(category ? [...category.ancestors.map((a) => a.id), category.id] : []);
  const filtered = isFiltered(query);
  const hrefWith = (cursor: string | undefined) => {
    const search = listingSearch({ ...query, cursor }, current.currencyCode);
    return listingPath(region, kind, handle, search);
  };

  return (
    <div className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-10">
      {searchParams ? null : (
        <ListingQueryForward
          target={`${path}/q`}
          params={facets.options.map((o) => optionParam(o.name))}
        />
      )}
      <CatalogBreadcrumbs region={region} trail={trail} current={heading.title} />

      <header className="mt-4 max-w-3xl">
        <h1
          className="text-2xl font-semibold tracking-tight sm:text-3xl"
          data-testid="listing-title"
        >
          {heading.title}
        </h1>
        {kind === 'collection' && heading.description ? (
          <p className="mt-2 text-neutral-600">{heading.description}</p>
        ) : null}
        {category && category.children.length > 0 ? (
          <ul className="mt-4 flex flex-wrap gap-2" aria-label={`Inside ${heading.title}`}>
            {category.children.map((child) => (
              <li key={child.id}>
                <Link
                  href={listingPath(region, 'category', child.handle)}
                  className="inline-flex h-9 items-center rounded-sm border border-neutral-300 px-3 text-sm hover:border-neutral-500"
                >
                  {child.name}
                </Link>
              </li>
            ))}
          </ul>
        ) : null}
      </header>

      <div className="mt-8 gap-10 lg:grid lg:grid-cols-[15rem_1fr]">
        <aside className="flex flex-col gap-4 lg:gap-8" aria-label="Browse and filter">
          <details
            className="group rounded-lg border border-neutral-200 p-4 lg:border-0 lg:p-0 lg:[&::details-content]:[content-visibility:visible] lg:[&>summary]:hidden"
            open={filtered || undefined}
          >
            <summary className="flex cursor-pointer items-center justify-between text-sm font-semibold">
              Filter and sort
              <span aria-hidden="true" className="text-neutral-500 group-open:rotate-180">
                ▾
              </span>
            </summary>
            <div className="mt-4 lg:mt-0">
              <CatalogFilterForm
                action={`${path}/q`}
                query={query}
                facets={facets}
                vendors={vendors}
                counts={listing.facets}
                currencyCode={current.currencyCode}
              />
            </div>
          </details>
          <details className="group rounded-lg border border-neutral-200 p-4 lg:border-0 lg:p-0 lg:[&::details-content]:[content-visibility:visible] lg:[&>summary]:hidden">
            <summary className="flex cursor-pointer items-center justify-between text-sm font-semibold">
              Browse categories
              <span aria-hidden="true" className="text-neutral-500 group-open:rotate-180">
                ▾
              </span>
            </summary>
            <div className="mt-4 flex flex-col gap-6 lg:mt-0">
              <CatalogCategoryNav
                region={region}
                tree={tree}
                currentId={category?.id}
                openIds={openIds}
              />
              <nav aria-label="Collections">
                <h2 className="text-sm font-semibold">Collections</h2>
                <ul className="mt-2 space-y-1">
                  {collections.map((c) => (
                    <li key={c.id}>
                      <Link
                        href={listingPath(region, 'collection', c.handle)}
                        aria-current={
                          kind === 'collection' && c.handle === handle ? 'page' : undefined
                        }
                        className={`block py-1 text-sm hover:underline ${
                          kind === 'collection' && c.handle === handle
                            ? 'font-semibold text-accent'
                            : 'text-neutral-700 hover:text-neutral-900'
                        }`}
                      >
                        {c.title}
                      </Link>
                    </li>
                  ))}
                </ul>
              </nav>
            </div>
          </details>
        </aside>

        <section aria-labelledby="results-heading" className="mt-8 lg:mt-0">
          <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-neutral-200 pb-3">
            <h2 id="results-heading" className="text-sm text-neutral-600">
              <span data-testid="listing-total">
                {listing.total} {listing.total === 1 ? 'product' : 'products'}
              </span>
              , {manual ? 'in the shop’s order' : sortLabels[query.sort].toLowerCase()}
              {filtered ? ', filtered' : ''}
              {query.cursor ? ', continued' : ''}
            </h2>
            <p className="text-sm text-neutral-600" data-testid="tax-note">
              Prices in {current.currencyCode}, {taxNote(current)}
            </p>
          </div>

          {shown.items.length === 0 ? (
            <div className="py-16 text-center">
              <p className="text-neutral-700">
                {filtered ? 'No products match these filters.' : 'Nothing here yet.'}
              </p>
              {filtered ? (
                <Link href={path} className="mt-3 inline-block text-sm text-accent underline">
                  Clear filters
                </Link>
              ) : null}
            </div>
          ) : (
            <ul
              className="mt-6 grid grid-cols-2 gap-x-4 gap-y-8 sm:grid-cols-3"
              data-testid="product-grid"
            >
              {shown.items.map((product, i) => (
                <ProductCard
                  key={product.id}
                  product={product}
                  region={region}
                  eager={!query.cursor && i < 3}
                />
              ))}
            </ul>
          )}

          <PageLinks
            first={query.cursor ? hrefWith(undefined) : null}
            next={shown.nextCursor ? hrefWith(shown.nextCursor) : null}
          />
        </section>
      </div>
    </div>
  );
}
