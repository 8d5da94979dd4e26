import type { Metadata } from 'next';
import Link from 'next/link';
import { TRPCError } from '@trpc/server';
import { can } from '@shop/core';
import { zProductStatus, type AdminProductRow } from '@shop/validators';
import { FilterSelect, SearchForm } from '~/components/search-form';
import { keysetPager, parseCursor, parseTrail } from '~/lib/keyset';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { HitTable, ProductTable } from './product-table';

export const metadata: Metadata = { title: 'Products' };

const PAGE_SIZE = 50;
type SearchParams = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

const statusFilters: Array<{ value: AdminProductRow['status']; label: string }> = [
  { value: 'active', label: 'Active' },
  { value: 'draft', label: 'Draft' },
  { value: 'archived', label: 'Archived' },
];

/**
 * The products table. With words and no status (or "Active"), the list comes from the search
 * engine the storefront uses, so a merchant sees what shoppers find (typos, synonyms, ranking);
 * the engine indexes active products only, so drafts and archived products are matched by title
 * from the database once one of those statuses is chosen. Without words, the database lists
 * every product (or one status) in id order. Either pages by its own keyset cursor (`cursor`,
 * the pages before it in `back`).
 */
export default async function ProductsPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const staff = await requireStaff();
  const params = await searchParams;
  const query = first(params.q)?.trim().slice(0, 200) ?? '';
  const parsedStatus = zProductStatus.safeParse(first(params.status));
  const status = parsedStatus.success ? parsedStatus.data : undefined;
  const usesEngine = query !== '' && (status === undefined || status === 'active');

  const list: ListParams = {
    query,
    params: { q: query, status: status ?? '' },
    cursor: parseCursor(params.cursor),
    trail: parseTrail(params.back),
  };
  const isFiltered = query !== '' || status !== undefined;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="flex items-center gap-3">
          <h1 className="text-lg font-semibold">Products</h1>
          {can(staff.role, 'products:write') ? (
            <Link href="/products/new" className="button-primary">
              New product
            </Link>
          ) : null}
        </div>
        <SearchForm
          action="/products"
          label="Search products"
          placeholder="Search products"
          query={query}
          filtered={isFiltered}
        >
          <FilterSelect
            name="status"
            label="Status"
            value={status}
            anyLabel="Any status"
            options={statusFilters}
          />
        </SearchForm>
      </div>

      {usesEngine ? <EngineResults list={list} /> : <DatabaseResults list={list} status={status} />}
    </div>
  );
}

/** The list's words, its parameters (for links), this page's cursor and the ones before it. */
interface ListParams {
  query: string;
  params: Record<string, string>;
  cursor: string | null;
  trail: Array<string | null>;
}

/** This list's URL with other parameters (the first page). */
function hrefOf(params: Record<string, string>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== '') search.set(key, value);
  const text = search.toString();
  return text ? `/products?${text}` : '/products';
}

function pagerOf(list: ListParams, nextCursor: string | number | null) {
  const { params, cursor, trail } = list;
  return keysetPager({ path: '/products', params, cursor, trail, nextCursor });
}

function validId(text: string | null): number | undefined {
  return text && /^[1-9]\d{0,14}$/.test(text) ? Number(text) : undefined;
}

function validCursor(text: string | null): string | undefined {
  return text && /^[A-Za-z0-9_-]{1,200}$/.test(text) ? text : undefined;
}

async function DatabaseResults({
  list,
  status,
}: {
  list: ListParams;
  status: AdminProductRow['status'] | undefined;
}) {
  const { query } = list;
  const api = await getAdminApi();
  const page = await api.admin.products.list({
    cursor: validId(list.cursor),
    limit: PAGE_SIZE,
    query: query || undefined,
    status,
  });
  return (
    <>
      {query ? (
        <p className="text-neutral-600">
          {`${status === 'draft' ? 'Drafts' : 'Archived products'} whose title contains “${query}”. They are not in the search index, so typos and synonyms do not apply.`}
        </p>
      ) : null}
      <ProductTable
        rows={page.items}
        empty={
          query
            ? `No products match “${query}”.`
            : status
              ? `No ${status} products.`
              : 'No products yet.'
        }
        pager={pagerOf(list, page.nextCursor)}
      />
    </>
  );
}

async function EngineResults({ list }: { list: ListParams }) {
  const { query } = list;
  const api = await getAdminApi();
  let page;
  try {
    page = await api.admin.products.search({
      q: query,
      cursor: validCursor(list.cursor),
      limit: PAGE_SIZE,
    });
  } catch (err) {
    // A page link from another search (or an edited URL) carries a cursor the engine refuses.
    if (err instanceof TRPCError && err.code === 'BAD_REQUEST') {
      return (
        <div role="alert" className="rounded-sm border border-danger bg-danger-soft px-3 py-2">
          <p className="text-danger">{err.message}</p>
          <Link href={hrefOf(list.params)} className="mt-2 inline-block font-medium text-accent">
            Back to the first page of results
          </Link>
        </div>
      );
    }
    throw err;
  }
  return (
    <>
      <p className="text-neutral-600" data-testid="search-scope">
        {`${page.total} active ${page.total === 1 ? 'product' : 'products'} found by the storefront's search (${page.engine}), ranked as shoppers see them. `}
        Drafts and archived products are not in the search index: see{' '}
        <Link
          href={hrefOf({ ...list.params, status: 'draft' })}
          className="text-accent underline underline-offset-2"
        >
          drafts
        </Link>{' '}
        or{' '}
        <Link
          href={hrefOf({ ...list.params, status: 'archived' })}
          className="text-accent underline underline-offset-2"
        >
          archived products
        </Link>{' '}
        matching “{query}”.
      </p>
      {page.approximate && page.didYouMean ? (
        <p className="text-neutral-700">
          {`Nothing matched “${query}” exactly; showing near spellings (did you mean “${page.didYouMean}”?).`}
        </p>
      ) : null}
      <HitTable
        rows={page.items}
        empty={`No active products match “${query}”.`}
        pager={pagerOf(list, page.nextCursor)}
      />
    </>
  );
}
