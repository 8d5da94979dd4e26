import Link from 'next/link';
import { formatMoney } from '@shop/money';
import { listingSorts, type Facets, type FacetCount, type SearchFacets } from '@shop/validators';
import {
  formatPriceParam,
  isFiltered,
  optionParam,
  sortLabels,
  type ListingQuery,
} from '~/lib/catalog-query';

const fieldClass =
  'h-10 w-full rounded-sm border border-neutral-300 bg-white px-3 text-sm text-neutral-900';

/** How many results a value would give, from the engine's counts (0 when it has none). */
function countOf(values: readonly FacetCount[] | undefined, value: string): number {
  return values?.find((v) => v.value === value)?.count ?? 0;
}

function Count({ count }: { count: number | undefined }) {
  if (count === undefined) return null;
  return (
    <span className="tabular-nums opacity-80">
      <span aria-hidden="true"> (</span>
      <span data-testid="facet-count">{count}</span>
      <span aria-hidden="true">)</span>
      <span className="sr-only">{count === 1 ? ' product' : ' products'}</span>
    </span>
  );
}

/**
 * Sort and filters as a plain GET form: it works without JavaScript, and submitting it starts
 * the list again from its first page (the cursor is not part of the form). Beside each value is
 * the number of products choosing it would give (the search engine's facet counts: a field's
 * counts apply every other field's filters).
 */
export function CatalogFilterForm({
  action,
  query,
  facets,
  vendors = [],
  counts = null,
  currencyCode,
}: {
  /** The public URL of the listing, e.g. `/c/tops`. */
  action: string;
  query: ListingQuery;
  facets: Facets;
  /** The vendors the listing offers; the filter shows when there is a choice. */
  vendors?: readonly string[];
  /** The counts of the current view; none shown when absent. */
  counts?: SearchFacets | null;
  currencyCode: string;
}) {
  const filtered = isFiltered(query);
  const selectedVendors = new Set(query.vendors);
  const priceRange =
    counts && counts.price.min !== null && counts.price.max !== null
      ? `${formatMoney(counts.price.min, currencyCode)} to ${formatMoney(counts.price.max, currencyCode)}`
      : null;
  return (
    <form action={action} method="get" className="flex flex-col gap-6" data-testid="filter-form">
      <div>
        <label htmlFor="filter-sort" className="text-sm font-semibold">
          Sort by
        </label>
        <select
          id="filter-sort"
          name="sort"
          defaultValue={query.sort}
          className={`mt-2 ${fieldClass}`}
        >
          {listingSorts.map((sort) => (
            <option key={sort} value={sort}>
              {sortLabels[sort]}
            </option>
          ))}
        </select>
      </div>

      <div>
        <p className="text-sm font-semibold">Availability</p>
        <label className="mt-2 flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            name="in_stock"
            value="1"
            defaultChecked={query.inStock}
            className="size-4 accent-accent"
          />
          <span>
            In stock only
            <Count count={counts ? counts.inStock : undefined} />
          </span>
        </label>
      </div>

      {vendors.length > 1 ? (
        <fieldset>
          <legend className="text-sm font-semibold">Brand</legend>
          <ul className="mt-2 space-y-1">
            {vendors.map((vendor) => (
              <li key={vendor}>
                <label className="flex items-center gap-2 py-1 text-sm">
                  <input
                    type="checkbox"
                    name="vendor"
                    value={vendor}
                    defaultChecked={selectedVendors.has(vendor)}
                    className="size-4 accent-accent"
                  />
                  <span>
                    {vendor}
                    <Count count={counts ? countOf(counts.vendors, vendor) : undefined} />
                  </span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      ) : null}

      <fieldset>
        <legend className="text-sm font-semibold">Price ({currencyCode})</legend>
        {priceRange ? (
          <p className="mt-1 text-xs text-neutral-600" data-testid="price-range">
            These products cost {priceRange}.
          </p>
        ) : null}
        <div className="mt-2 grid grid-cols-2 gap-3">
          <div>
            <label htmlFor="filter-min" className="text-xs text-neutral-600">
              Minimum
            </label>
            <input
              id="filter-min"
              name="min"
              inputMode="decimal"
              autoComplete="off"
              placeholder="0"
              defaultValue={
                query.minPrice === undefined
                  ? undefined
                  : formatPriceParam(query.minPrice, currencyCode)
              }
              className={`mt-1 ${fieldClass}`}
            />
          </div>
          <div>
            <label htmlFor="filter-max" className="text-xs text-neutral-600">
              Maximum
            </label>
            <input
              id="filter-max"
              name="max"
              inputMode="decimal"
              autoComplete="off"
              placeholder="Any"
              defaultValue={
                query.maxPrice === undefined
                  ? undefined
                  : formatPriceParam(query.maxPrice, currencyCode)
              }
              className={`mt-1 ${fieldClass}`}
            />
          </div>
        </div>
      </fieldset>

      {facets.options.map((option) => {
        const param = optionParam(option.name);
        const selected = new Set(query.options[option.name] ?? []);
        const optionCounts = counts?.options.find((o) => o.name === option.name)?.values;
        return (
          <fieldset key={option.name}>
            <legend className="text-sm font-semibold">{option.name}</legend>
            <ul className="mt-2 flex flex-wrap gap-2">
              {option.values.map((value) => {
                const id = `filter-${param}-${value.replace(/[^A-Za-z0-9]+/g, '-')}`;
                return (
                  <li key={value}>
                    <input
                      type="checkbox"
                      id={id}
                      name={param}
                      value={value}
                      defaultChecked={selected.has(value)}
                      className="peer sr-only"
                    />
                    <label
                      htmlFor={id}
                      className="inline-flex h-9 cursor-pointer items-center rounded-sm border border-neutral-300 px-3 text-sm text-neutral-700 peer-checked:border-neutral-900 peer-checked:bg-neutral-900 peer-checked:text-white peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-accent hover:border-neutral-500"
                    >
                      {value}
                      <Count count={counts ? countOf(optionCounts, value) : undefined} />
                    </label>
                  </li>
                );
              })}
            </ul>
          </fieldset>
        );
      })}

      <div className="flex items-center gap-3">
        <button
          type="submit"
          className="inline-flex h-10 items-center rounded-sm bg-accent px-5 text-sm font-medium text-white hover:bg-accent-strong"
        >
          Apply
        </button>
        {filtered || query.sort !== 'newest' ? (
          <Link href={action} className="text-sm text-neutral-700 underline hover:text-neutral-900">
            Clear all
          </Link>
        ) : null}
      </div>
    </form>
  );
}
