import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { TRPCError } from '@trpc/server';
import { can } from '@shop/core';
import { SearchForm } from '~/components/search-form';
import { Section } from '~/components/section';
import { parseId } from '~/lib/ids';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { CollectionForm, DeleteCollection } from '../collection-form';
import { AddProductButton, MemberTable } from '../collection-table';

export const metadata: Metadata = { title: 'Collection' };

type SearchParams = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

/**
 * One collection: its details, its products in their manual order (the storefront's collection
 * page shows them so until a shopper sorts or filters), and products to add, found by title.
 */
export default async function CollectionPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const id = parseId((await params).id);
  if (id === null) notFound();
  const query = first((await searchParams).q)
    .trim()
    .slice(0, 200);
  const staff = await requireStaff();
  const api = await getAdminApi();
  let collection;
  try {
    collection = await api.admin.collections.get({ id });
  } catch (err) {
    if (err instanceof TRPCError && err.code === 'NOT_FOUND') notFound();
    throw err;
  }
  const canWrite = can(staff.role, 'products:write');
  const members = new Set(collection.products.map((p) => p.productId));
  const found =
    canWrite && query ? (await api.admin.products.list({ query, limit: 20 })).items : [];
  const path = `/collections/${collection.id}`;
  return (
    <div className="space-y-6">
      <div>
        <Link href="/collections" className="text-neutral-600 hover:underline">
          ← Collections
        </Link>
        <h1 className="text-lg font-semibold">{collection.title}</h1>
        <p className="text-neutral-600">
          <span className="font-mono">/collections/{collection.handle}</span> ·{' '}
          {collection.productCount} {collection.productCount === 1 ? 'product' : 'products'}
        </p>
      </div>
      {canWrite ? <CollectionForm collection={collection} /> : null}

      <Section headingId="collection-products" title="Products, in order">
        <MemberTable
          rows={collection.products.map((p) => ({
            ...p,
            collectionId: collection.id,
            count: collection.products.length,
            canWrite,
          }))}
          empty="No products in this collection yet."
        />
      </Section>

      {canWrite ? (
        <Section headingId="add-products" title="Add products">
          <SearchForm
            action={path}
            label="Find products by title"
            placeholder="Title"
            query={query}
            maxLength={200}
            inputClassName="input w-64"
          />
          {query ? (
            found.length === 0 ? (
              <p className="text-neutral-600">No product’s title contains “{query}”.</p>
            ) : (
              <ul
                className="divide-y divide-neutral-100 rounded-lg border border-neutral-200 bg-white"
                aria-label="Products found"
              >
                {found.map((p) => (
                  <li
                    key={p.id}
                    className="flex items-center justify-between gap-3 px-3 py-2"
                    data-testid="product-found"
                  >
                    <span>
                      {p.title} <span className="text-xs text-neutral-600">({p.status})</span>
                    </span>
                    {members.has(p.id) ? (
                      <span className="text-sm text-neutral-600">In the collection</span>
                    ) : (
                      <AddProductButton
                        collectionId={collection.id}
                        productId={p.id}
                        title={p.title}
                      />
                    )}
                  </li>
                ))}
              </ul>
            )
          ) : null}
        </Section>
      ) : null}

      {canWrite ? <DeleteCollection collection={collection} /> : null}
    </div>
  );
}
