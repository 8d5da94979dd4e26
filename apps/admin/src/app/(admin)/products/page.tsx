import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { AdminProductRow } from '@shop/validators';
import { getAdminApi } from '~/server/api';

export const metadata: Metadata = { title: 'Products' };

const PAGE_SIZE = 50;
type SearchParams = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function ProductsPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const params = await searchParams;
  const query = first(params.q)?.trim().slice(0, 200) ?? '';
  const cursorText = first(params.cursor);
  const cursor = cursorText && /^[1-9]\d{0,14}$/.test(cursorText) ? Number(cursorText) : undefined;

  const api = await getAdminApi();
  const page = await api.admin.products.list({
    cursor,
    limit: PAGE_SIZE,
    query: query || undefined,
  });

  const hrefWith = (next: { cursor?: number }) => {
    const search = new URLSearchParams();
    if (query) search.set('q', query);
    if (next.cursor) search.set('cursor', String(next.cursor));
    const text = search.toString();
    return text ? `/products?${text}` : '/products';
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-lg font-semibold">Products</h1>
        <form role="search" action="/products" className="flex items-center gap-2">
          <label htmlFor="q" className="sr-only">
            Search products
          </label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={query}
            maxLength={200}
            placeholder="Search by title"
            className="input w-64"
          />
          <button type="submit" className="button-secondary">
            Search
          </button>
        </form>
      </div>

      <div className="relative max-h-[calc(100dvh-10rem)] overflow-auto rounded-lg border border-neutral-200 bg-white">
        <table className="w-full min-w-[44rem] border-separate border-spacing-0 text-left">
          <thead className="sticky top-0 z-10 bg-neutral-100 text-xs text-neutral-600 uppercase">
            <tr>
              <Th>Title</Th>
              <Th>Handle</Th>
              <Th>Status</Th>
              <Th className="text-right">Variants</Th>
              <Th>Updated</Th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((product) => (
              <ProductRow key={product.id} product={product} />
            ))}
            {page.items.length === 0 ? (
              <tr>
                <td colSpan={5} className="px-3 py-8 text-center text-neutral-600">
                  {query ? `No products match “${query}”.` : 'No products yet.'}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>

      <nav aria-label="Pagination" className="flex items-center gap-3">
        {cursor ? (
          <Link href={hrefWith({})} className="button-secondary">
            First page
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link href={hrefWith({ cursor: page.nextCursor })} className="button-secondary">
            Next page
          </Link>
        ) : null}
      </nav>
    </div>
  );
}

function Th({ children, className = '' }: { children: ReactNode; className?: string }) {
  return (
    <th scope="col" className={`border-b border-neutral-200 px-3 py-2 font-medium ${className}`}>
      {children}
    </th>
  );
}

const statusStyles: Record<AdminProductRow['status'], string> = {
  active: 'bg-success-soft text-success',
  draft: 'bg-neutral-100 text-neutral-700',
  archived: 'bg-neutral-100 text-neutral-500',
};

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

function ProductRow({ product }: { product: AdminProductRow }) {
  return (
    <tr className="hover:bg-neutral-50">
      <td className="border-b border-neutral-100 px-3 py-1.5">
        <Link href={`/products/${product.id}`} className="font-medium text-accent hover:underline">
          {product.title}
        </Link>
      </td>
      <td className="border-b border-neutral-100 px-3 py-1.5 font-mono text-xs text-neutral-600">
        {product.handle}
      </td>
      <td className="border-b border-neutral-100 px-3 py-1.5">
        <span
          className={`rounded-sm px-1.5 py-0.5 text-xs font-medium ${statusStyles[product.status]}`}
        >
          {product.status}
        </span>
      </td>
      <td className="border-b border-neutral-100 px-3 py-1.5 text-right tabular-nums">
        {product.variantCount}
      </td>
      <td className="border-b border-neutral-100 px-3 py-1.5 whitespace-nowrap text-neutral-600">
        <time dateTime={product.updatedAt.toISOString()}>
          {dateFormat.format(product.updatedAt)} UTC
        </time>
      </td>
    </tr>
  );
}
