import Link from 'next/link';
import { formatMoney } from '@shop/money';
import type { FacetCount, SearchFacets as SearchFacetsData } from '@shop/validators';
import {
  clearFilters,
  isNarrowed,
  searchHref,
  toggleCategory,
  toggleInStock,
  toggleOption,
  togglePrice,
  toggleVendor,
  type SearchQuery,
} from '~/lib/search-query';

interface FacetLink {
  key: string;
  label: string;
  count: number;
  selected: boolean;
  href: string;
}

/**
 * The search page's filters as links: each one is the URL of the view with that value added or
 * removed (and the first page), so every choice is a navigation of its own, shareable, that the
 * back button undoes, and works without JavaScript. The count beside a value is how many results
 * choosing it would give (a field's counts apply every other field's filters).
 */
export function SearchFacets({
  region,
  query,
  facets,
  currencyCode,
}: {
  region: string;
  query: SearchQuery;
  facets: SearchFacetsData;
  currencyCode: string;
}) {
  const href = (q: SearchQuery) => searchHref(region, q, currencyCode);
  const { filters } = query;

  const categories = withSelected(
    facets.categories,
    filters.category ? [filters.category] : [],
  ).map((c) => ({
    key: c.value,
    label: c.label,
    count: c.count,
    selected: filters.category === c.value,
    href: href(toggleCategory(query, c.value)),
  }));
  const vendors = withSelected(facets.vendors, filters.vendor ?? []).map((v) => ({
    key: v.value,
    label: v.label,
    count: v.count,
    selected: filters.vendor?.includes(v.value) ?? false,
    href: href(toggleVendor(query, v.value)),
  }));
  const options = facets.options.map((option) => ({
    name: option.name,
    links: withSelected(option.values, filters.options?.[option.name] ?? []).map((v) => ({
      key: v.value,
      label: v.label,
      count: v.count,
      selected: filters.options?.[option.name]?.includes(v.value) ?? false,
      href: href(toggleOption(query, option.name, v.value)),
    })),
  }));
  const prices = facets.price.buckets
    .filter((b) => b.count > 0 || isChosenBucket(query, b.min, b.max))
    .map((b) => ({
      key: `${b.min}-${b.max ?? ''}`,
      label:
        b.max === null
          ? `${formatMoney(b.min, currencyCode)} and up`
          : `${formatMoney(b.min, currencyCode)} to ${formatMoney(b.max, currencyCode)}`,
      count: b.count,
      selected: isChosenBucket(query, b.min, b.max),
      href: href(togglePrice(query, b.min, b.max)),
    }));
  const stock: FacetLink[] =
    facets.inStock > 0 || filters.inStock
      ? [
          {
            key: 'in-stock',
            label: 'In stock only',
            count: facets.inStock,
            selected: filters.inStock === true,
            href: href(toggleInStock(query)),
          },
        ]
      : [];

  return (
    <nav aria-label="Filters" className="flex flex-col gap-6" data-testid="search-facets">
      {isNarrowed(filters) ? (
        <Link
          href={href(clearFilters(query))}
          className="text-sm text-neutral-700 underline hover:text-neutral-900"
        >
          Clear all filters
        </Link>
      ) : null}
      <FacetGroup title="Category" name="category" links={categories} />
      <FacetGroup title="Brand" name="vendor" links={vendors} />
      {options.map((option) => (
        <FacetGroup key={option.name} title={option.name} name={option.name} links={option.links} />
      ))}
      <FacetGroup title={`Price (${currencyCode})`} name="price" links={prices} />
      <FacetGroup title="Availability" name="in-stock" links={stock} />
    </nav>
  );
}

/** A chosen value that no longer has results still shows, with 0, so it can be removed. */
function withSelected(values: FacetCount[], selected: readonly string[]): FacetCount[] {
  const missing = selected
    .filter((value) => !values.some((v) => v.value === value))
    .map((value) => ({ value, label: value, count: 0 }));
  return [...values, ...missing];
}

function isChosenBucket(query: SearchQuery, min: number, max: number | null): boolean {
  return query.filters.minPrice === min && query.filters.maxPrice === (max ?? undefined);
}

function FacetGroup({ title, name, links }: { title: string; name: string; links: FacetLink[] }) {
  if (links.length === 0) return null;
  const id = `facet-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section aria-labelledby={id} data-testid="facet-group" data-facet={name}>
      <h2 id={id} className="text-sm font-semibold">
        {title}
      </h2>
      <ul className="mt-2 space-y-1">
        {links.map((link) => (
          <li key={link.key}>
            <Link
              href={link.href}
              data-testid="facet-link"
              data-value={link.key}
              data-selected={link.selected ? 'true' : 'false'}
              className="group flex min-h-9 items-center gap-2 py-1 text-sm text-neutral-700 hover:text-neutral-900"
            >
              <span
                aria-hidden="true"
                className={`inline-flex size-4 shrink-0 items-center justify-center rounded-xs border text-[0.625rem] leading-none ${
                  link.selected
                    ? 'border-neutral-900 bg-neutral-900 text-white'
                    : 'border-neutral-400 bg-white group-hover:border-neutral-700'
                }`}
              >
                {link.selected ? '✓' : ''}
              </span>
              <span className={link.selected ? 'font-semibold text-neutral-900' : undefined}>
                {link.label}
              </span>
              <span className="text-neutral-600 tabular-nums">
                <span aria-hidden="true">(</span>
                <span data-testid="facet-count">{link.count}</span>
                <span aria-hidden="true">)</span>
                <span className="sr-only">{link.count === 1 ? ' result' : ' results'}</span>
              </span>
              {link.selected ? (
                <span className="sr-only">, selected (remove this filter)</span>
              ) : null}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
