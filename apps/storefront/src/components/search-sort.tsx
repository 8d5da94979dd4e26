'use client';

import Form from 'next/form';
import { searchSorts, type SearchSort } from '@shop/validators';
import { searchSortLabels } from '~/lib/search-query';

/**
 * The search page's sort as a GET form to the region's `/search` that carries the words and filters as hidden
 * fields: a new sort is a new URL (a history entry of its own) and starts from the first page.
 * With JavaScript, choosing an order submits the form (client-side navigation through
 * `next/form`); without, the button does.
 */
export function SearchSortForm({
  action,
  sort,
  hidden,
}: {
  /** The region's search page, `/us/search`. */
  action: string;
  sort: SearchSort;
  /** The current view's parameters except `sort` and `after`, as `[name, value]` pairs. */
  hidden: Array<[string, string]>;
}) {
  return (
    <Form action={action} className="flex items-center gap-2" data-testid="search-sort">
      {hidden.map(([name, value], i) => (
        <input key={`${name}-${i}`} type="hidden" name={name} value={value} />
      ))}
      <label htmlFor="search-sort" className="text-sm text-neutral-700">
        Sort by
      </label>
      <select
        id="search-sort"
        name="sort"
        defaultValue={sort}
        onChange={(event) => event.currentTarget.form?.requestSubmit()}
        className="h-10 rounded-sm border border-neutral-300 bg-white px-3 text-sm text-neutral-900"
      >
        {searchSorts.map((value) => (
          <option key={value} value={value}>
            {searchSortLabels[value]}
          </option>
        ))}
      </select>
      <noscript>
        <button
          type="submit"
          className="inline-flex h-10 items-center rounded-sm border border-neutral-300 px-3 text-sm"
        >
          Sort
        </button>
      </noscript>
    </Form>
  );
}
