import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { TRPCError } from '@trpc/server';
import { formatMoney } from '@shop/money';
import { zProductStatus, type AdminProductRow, type SearchHit } from '@shop/validators';
import { FilterSelect, SearchForm } from '~/components/search-form';
import { cell, EmptyRow, Pager, Th } from '~/components/table';
import { dateTimeFormat } from '~/lib/format';
import { getAdminApi } from '~/server/api';

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
 * every product (or one status) in id order.
 */
export default async function ProductsPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const params = await searchParams;
  const query = first(params.q)?.trim().slice(0, 200) ?? '';
  const parsedStatus = zProductStatus.safeParse(first(params.status));
  const status = parsedStatus.success ? parsedStatus.data : undefined;
  const usesEngine = query !== '' && (status === undefined || status === 'active');

  const hrefWith = (next: { cursor?: number; after?: string; status?: string | null }) => {
    const search = new URLSearchParams();
    if (query) search.set('q', query);
    const nextStatus = next.status === undefined ? status : next.status;
    if (nextStatus) search.set('status', nextStatus);
    if (next.cursor) search.set('cursor', String(next.cursor));
    if (next.after) search.set('after', next.after);
    const text = search.toString();
    return text ? `/products?${text}` : '/products';
  };
  const isFiltered = query !== '' || status !== undefined;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="flex items-center gap-3">
          <h1 className="text-lg font-semibold">Products</h1>
          <Link href="/products/new" className="button-primary">
            New product
          </Link>
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

      {usesEngine ? (
        <EngineResults query={query} after={validCursor(first(params.after))} hrefWith={hrefWith} />
      ) : (
        <DatabaseResults
          query={query}
          status={status}
          cursor={validId(first(params.cursor))}
          hrefWith={hrefWith}
        />
      )}
    </div>
  );
}

type HrefWith = (next: { cursor?: number; after?: string; status?: string | null }) => string;

function validId(text: string | undefined): number | undefined {
  return text && /^[1-9]\d{0,14}$/.test(text) ? Number(text) : undefined;
}

function validCursor(text: string | undefined): string | undefined {
  return text && /^[A-Za-z0-9_-]{1,200}$/.test(text) ? text : undefined;
}

async function DatabaseResults({
  query,
  status,
  cursor,
  hrefWith,
}: {
  query: string;
  status: AdminProductRow['status'] | undefined;
  cursor: number | undefined;
  hrefWith: HrefWith;
}) {
  const api = await getAdminApi();
  const page = await api.admin.products.list({
    cursor,
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
        columns={
          <>
            <Th className="text-right">Variants</Th>
            <Th>Updated</Th>
          </>
        }
        empty={
          page.items.length > 0
            ? null
            : query
              ? `No products match “${query}”.`
              : status
                ? `No ${status} products.`
                : 'No products yet.'
        }
      >
        {page.items.map((product) => (
          <ProductRow key={product.id} product={product} />
        ))}
      </ProductTable>
      <Pager
        first={cursor ? hrefWith({}) : null}
        next={page.nextCursor ? hrefWith({ cursor: page.nextCursor }) : null}
      />
    </>
  );
}

async function EngineResults({
  query,
  after,
  hrefWith,
}: {
  query: string;
  after: string | undefined;
  hrefWith: HrefWith;
}) {
  const api = await getAdminApi();
  let page;
  try {
    page = await api.admin.products.search({ q: query, cursor: after, limit: PAGE_SIZE });
  } catch (err) {
    // A page link from another search (or an edited URL) carries a cursor the engine refuses.
    if (err instanceof TRPCError && err.code === 'BAD_REQUEST') {
      return (
        <div role="alert" className="rounded-sm border border-danger bg-danger-soft px-3 py-2">
          <p className="text-danger">{err.message}</p>
          <Link href={hrefWith({})} className="mt-2 inline-block font-medium text-accent">
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
          href={hrefWith({ status: 'draft' })}
          className="text-accent underline underline-offset-2"
        >
          drafts
        </Link>{' '}
        or{' '}
        <Link
          href={hrefWith({ status: 'archived' })}
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
      <ProductTable
        columns={
          <>
            <Th className="text-right">Price</Th>
            <Th>Stock</Th>
          </>
        }
        empty={page.items.length > 0 ? null : `No active products match “${query}”.`}
      >
        {page.items.map((hit) => (
          <HitRow key={hit.id} hit={hit} />
        ))}
      </ProductTable>
      <Pager
        first={after ? hrefWith({}) : null}
        next={page.nextCursor ? hrefWith({ after: page.nextCursor }) : null}
      />
    </>
  );
}

/** Title, handle and status, then the two `columns` of the list; `empty`: its only row. */
function ProductTable({
  columns,
  empty,
  children,
}: {
  columns: ReactNode;
  empty: string | null;
  children: ReactNode;
}) {
  return (
    <div className="relative max-h-[calc(100dvh-12rem)] overflow-auto rounded-lg border border-neutral-200 bg-white">
      <table className="w-full min-w-[44rem] border-separate border-spacing-0 text-left">
        <thead className="sticky top-0 z-10 bg-neutral-100 text-xs text-neutral-600 uppercase">
          <tr>
            <Th>Title</Th>
            <Th>Handle</Th>
            <Th>Status</Th>
            {columns}
          </tr>
        </thead>
        <tbody>
          {children}
          {empty === null ? null : <EmptyRow columns={5}>{empty}</EmptyRow>}
        </tbody>
      </table>
    </div>
  );
}

const statusStyles: Record<AdminProductRow['status'], string> = {
  active: 'bg-success-soft text-success',
  draft: 'bg-neutral-100 text-neutral-700',
  archived: 'bg-neutral-100 text-neutral-500',
};

/** A product's first three cells: its title (linking to its page), handle and status. */
function ProductCells({
  id,
  handle,
  status,
  title,
}: {
  id: number;
  handle: string;
  status: AdminProductRow['status'];
  title: ReactNode;
}) {
  return (
    <>
      <td className={cell}>
        <Link href={`/products/${id}`} className="font-medium text-accent hover:underline">
          {title}
        </Link>
      </td>
      <td className={`${cell} font-mono text-xs text-neutral-600`}>{handle}</td>
      <td className={cell}>
        <span className={`rounded-sm px-1.5 py-0.5 text-xs font-medium ${statusStyles[status]}`}>
          {status}
        </span>
      </td>
    </>
  );
}

function ProductRow({ product }: { product: AdminProductRow }) {
  return (
    <tr className="hover:bg-neutral-50">
      <ProductCells
        id={product.id}
        handle={product.handle}
        status={product.status}
        title={product.title}
      />
      <td className={`${cell} text-right tabular-nums`}>{product.variantCount}</td>
      <td className={`${cell} whitespace-nowrap text-neutral-600`}>
        <time dateTime={product.updatedAt.toISOString()}>
          {dateTimeFormat.format(product.updatedAt)} UTC
        </time>
      </td>
    </tr>
  );
}

/** The title with the engine's matched words marked (plain text pieces, never HTML). */
function HitRow({ hit }: { hit: SearchHit }) {
  const title = hit.highlight
    ? hit.highlight.map((piece, i) =>
        piece.match ? (
          <mark key={i} className="bg-transparent font-semibold text-inherit underline">
            {piece.text}
          </mark>
        ) : (
          <span key={i}>{piece.text}</span>
        ),
      )
    : hit.title;
  return (
    <tr className="hover:bg-neutral-50">
      <ProductCells id={hit.id} handle={hit.handle} status="active" title={title} />
      <td className={`${cell} text-right tabular-nums`}>
        {hit.price ? formatMoney(hit.price.amount, hit.price.currencyCode) : '—'}
      </td>
      <td className={`${cell} text-neutral-700`}>{hit.inStock ? 'In stock' : 'Sold out'}</td>
    </tr>
  );
}
