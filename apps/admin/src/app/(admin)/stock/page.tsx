import type { Metadata } from 'next';
import Link from 'next/link';
import { SearchForm } from '~/components/search-form';
import { keysetPager, parseCursor, parseTrail } from '~/lib/keyset';
import { parseId } from '~/lib/ids';
import { getAdminApi } from '~/server/api';
import { StockTable } from './stock-table';

export const metadata: Metadata = { title: 'Stock' };

type SearchParams = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/**
 * Stock levels of every variant at every location, searched by SKU or title, optionally only
 * the variants at or below their low-stock threshold. A row opens the variant's levels, its
 * adjustments and its history.
 */
export default async function StockPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const query = first(params.q).trim().slice(0, 200);
  const lowStock = first(params.low) === '1';
  const cursor = parseCursor(params.cursor);
  const api = await getAdminApi();
  const page = await api.admin.stock.list({
    query: query || undefined,
    lowStock,
    cursor: parseId(cursor),
    limit: 50,
  });
  const pager = keysetPager({
    path: '/stock',
    params: { q: query, low: lowStock ? '1' : '' },
    cursor,
    trail: parseTrail(params.back),
    nextCursor: page.nextCursor,
  });
  const empty = query
    ? `No variant's SKU or title contains “${query}”${lowStock ? ' among those low on stock' : ''}.`
    : lowStock
      ? 'No variant is at or below its low-stock threshold.'
      : 'No variants yet.';
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-lg font-semibold">Stock</h1>
          <p className="text-neutral-600">
            Available is on hand less what live checkouts hold.{' '}
            <Link href="/stock/transfers" className="text-accent underline underline-offset-2">
              Transfers between locations
            </Link>
          </p>
        </div>
        <SearchForm
          action="/stock"
          label="Search by SKU or title"
          placeholder="SKU or title"
          query={query}
          inputClassName="input w-56"
          filtered={query !== '' || lowStock}
        >
          <label className="flex items-center gap-1.5">
            <input type="checkbox" name="low" value="1" defaultChecked={lowStock} />
            Low stock only
          </label>
        </SearchForm>
      </div>
      <StockTable rows={page.items} empty={empty} pager={pager} />
    </div>
  );
}
