import type { Metadata } from 'next';
import Link from 'next/link';
import { can } from '@shop/core';
import { SearchForm } from '~/components/search-form';
import { parseId } from '~/lib/ids';
import { keysetPager, parseCursor, parseTrail } from '~/lib/keyset';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { DiscountTable } from './discount-table';

export const metadata: Metadata = { title: 'Discounts' };

type SearchParams = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

/**
 * Discount codes, newest first: what each takes off, its status, how often it was used (uses
 * held by checkouts under way count against the limit) and by how many orders.
 */
export default async function DiscountsPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const params = await searchParams;
  const query = first(params.q).trim().slice(0, 64);
  const includeArchived = first(params.archived) === '1';
  const cursor = parseCursor(params.cursor);
  const staff = await requireStaff();
  const api = await getAdminApi();
  const page = await api.admin.discounts.list({
    query: query || undefined,
    includeArchived,
    cursor: parseId(cursor),
    limit: 50,
  });
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-lg font-semibold">Discounts</h1>
        <div className="flex flex-wrap items-center gap-3">
          <SearchForm
            action="/discounts"
            label="Search codes"
            placeholder="Code"
            query={query}
            maxLength={64}
            inputClassName="input w-48"
          >
            <label className="flex items-center gap-1.5">
              <input type="checkbox" name="archived" value="1" defaultChecked={includeArchived} />
              Show deactivated
            </label>
          </SearchForm>
          {can(staff.role, 'discounts:write') ? (
            <Link href="/discounts/new" className="button-primary">
              New discount
            </Link>
          ) : null}
        </div>
      </div>
      <DiscountTable
        rows={page.items}
        empty={query ? `No code contains “${query}”.` : 'No discount codes yet.'}
        pager={keysetPager({
          path: '/discounts',
          params: { q: query, archived: includeArchived ? '1' : '' },
          cursor,
          trail: parseTrail(params.back),
          nextCursor: page.nextCursor,
        })}
      />
    </div>
  );
}
