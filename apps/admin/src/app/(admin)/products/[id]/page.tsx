import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { TRPCError } from '@trpc/server';
import { can } from '@shop/core';
import type { AdminProduct, ProductEditorChoices } from '@shop/validators';
import { Notice } from '~/components/section';
import { env } from '~/env';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { ProductEditor } from '../editor/product-editor';
import { VariantTable } from './variant-table';

type Params = Promise<{ id: string }>;

/** One query per request, shared by the metadata and the page. */
const loadProduct = cache(async (id: string) => {
  if (!/^[1-9]\d{0,14}$/.test(id)) notFound();
  const api = await getAdminApi();
  try {
    return await api.admin.products.get({ id: Number(id) });
  } catch (err) {
    if (err instanceof TRPCError && err.code === 'NOT_FOUND') notFound();
    throw err;
  }
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const product = await loadProduct((await params).id);
  return { title: product.title };
}

/**
 * A product: the editor for staff who may change the catalog (`products:write`); for the others
 * (support) the product as it is, read-only, with a sentence saying why there is no form.
 */
export default async function ProductPage({ params }: { params: Params }) {
  const product = await loadProduct((await params).id);
  const staff = await requireStaff();
  const choices = await (await getAdminApi()).admin.products.choices();
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-neutral-600">
        <Link href="/products" className="hover:text-neutral-900 hover:underline">
          Products
        </Link>
        <span aria-hidden="true"> / </span>
        <span className="text-neutral-900">{product.title}</span>
      </nav>
      <p>
        <Link
          href={`/products/${product.id}/images`}
          className="font-medium text-accent hover:underline"
        >
          {can(staff.role, 'products:write') ? 'Images: upload, order, alt text' : 'Images'}
        </Link>
      </p>
      {can(staff.role, 'products:write') ? (
        <ProductEditor
          key={product.id}
          product={product}
          choices={choices}
          storefrontUrl={env.STOREFRONT_URL}
        />
      ) : (
        <ProductDetails product={product} choices={choices} role={staff.role} />
      )}
    </div>
  );
}

/** The product as it is saved, for a role that may look but not edit. */
function ProductDetails({
  product,
  choices,
  role,
}: {
  product: AdminProduct;
  choices: ProductEditorChoices;
  role: string;
}) {
  const names = (ids: readonly number[], groups: ProductEditorChoices['categories']) =>
    groups
      .filter((g) => ids.includes(g.id))
      .map((g) => g.path)
      .join(', ') || 'None';
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-lg font-semibold">{product.title}</h1>
        <p className="font-mono text-xs text-neutral-600">
          {product.handle} · {product.status}
        </p>
      </div>
      <Notice>
        Only owners and managers edit products; your role ({role}) can look at this product but not
        change it.
      </Notice>
      {product.status === 'active' ? (
        <p>
          <a
            href={`${env.STOREFRONT_URL}/p/${encodeURIComponent(product.handle)}`}
            target="_blank"
            rel="noopener noreferrer"
            className="font-medium text-accent underline-offset-4 hover:underline"
          >
            View in store
          </a>
        </p>
      ) : null}
      <dl className="grid max-w-3xl gap-x-4 gap-y-1 sm:grid-cols-[10rem_1fr]">
        <dt className="font-medium">Description</dt>
        <dd className="whitespace-pre-line text-neutral-700">{product.description || 'None'}</dd>
        <dt className="font-medium">Categories</dt>
        <dd className="text-neutral-700">{names(product.categoryIds, choices.categories)}</dd>
        <dt className="font-medium">Collections</dt>
        <dd className="text-neutral-700">{names(product.collectionIds, choices.collections)}</dd>
      </dl>
      <VariantTable
        currencies={product.currencies}
        variants={product.variants.filter((v) => !v.archived)}
      />
    </div>
  );
}
