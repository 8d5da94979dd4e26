import type { Metadata } from 'next';
import { SearchForm } from '~/components/search-form';
import { keysetPager, parseCursor, parseTrail } from '~/lib/keyset';
import { getAdminApi } from '~/server/api';
import { CustomerTable } from './customer-table';

export const metadata: Metadata = { title: 'Customers' };

type SearchParams = Record<string, string | string[] | undefined>;

/** Customer accounts by email, searched by email or name. */
export default async function CustomersPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const params = await searchParams;
  const raw = Array.isArray(params.q) ? params.q[0] : params.q;
  const query = (raw ?? '').trim().slice(0, 200);
  const cursor = parseCursor(params.cursor);
  const api = await getAdminApi();
  const page = await api.admin.customers.list({ query: query || undefined, cursor, limit: 50 });
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-lg font-semibold">Customers</h1>
        <SearchForm
          action="/customers"
          label="Search by email or name"
          placeholder="Email or name"
          query={query}
          filtered={query !== ''}
        />
      </div>
      <CustomerTable
        rows={page.items}
        empty={query ? `No customer's email or name contains “${query}”.` : 'No customers yet.'}
        pager={keysetPager({
          path: '/customers',
          params: { q: query },
          cursor,
          trail: parseTrail(params.back),
          nextCursor: page.nextCursor,
        })}
      />
    </div>
  );
}
