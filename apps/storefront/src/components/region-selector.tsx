import type { Region } from '@shop/validators';

/**
 * A native form (no JavaScript needed) that posts the chosen region to `/region`, which sets the
 * `region` cookie and sends the shopper back to the same page. `compact` folds it behind a
 * small disclosure showing the current currency, for narrow screens.
 */
export function RegionSelector({
  regions,
  current,
  compact = false,
}: {
  regions: Region[];
  current: Region;
  compact?: boolean;
}) {
  if (regions.length < 2) return null;
  const id = compact ? 'region-select-compact' : 'region-select';
  const form = (
    <form
      action="/region"
      method="post"
      className={compact ? 'flex flex-col gap-2 text-sm' : 'flex items-center gap-2 text-sm'}
      data-testid={compact ? 'region-selector-compact' : 'region-selector'}
    >
      <label htmlFor={id} className={compact ? 'font-medium' : 'text-neutral-600'}>
        Region
      </label>
      <select
        id={id}
        name="region"
        defaultValue={current.code}
        className="h-9 rounded-sm border border-neutral-300 bg-white px-2 text-sm text-neutral-900"
      >
        {regions.map((region) => (
          <option key={region.code} value={region.code}>
            {region.name} ({region.currencyCode})
          </option>
        ))}
      </select>
      <button
        type="submit"
        className="h-9 rounded-sm border border-neutral-300 bg-white px-3 text-sm font-medium hover:bg-neutral-50"
      >
        Change<span className="sr-only"> region</span>
      </button>
    </form>
  );
  if (!compact) return form;
  return (
    <details className="group relative">
      <summary className="flex h-10 cursor-pointer list-none items-center gap-1 rounded-sm px-2 text-sm font-medium text-neutral-700 hover:text-neutral-900 [&::-webkit-details-marker]:hidden">
        <span className="sr-only">Region: {current.name}, </span>
        {current.currencyCode}
        <span aria-hidden="true" className="text-neutral-500 group-open:rotate-180">
          ▾
        </span>
      </summary>
      <div className="absolute right-0 top-full z-20 mt-2 w-64 rounded-lg border border-neutral-200 bg-white p-4 shadow-lg">
        {form}
      </div>
    </details>
  );
}
