import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { TRPCError } from '@trpc/server';
import { env } from '~/env';
import { getAdminApi } from '~/server/api';
import { ProductEditor } from '../editor/product-editor';

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

export default async function ProductPage({ params }: { params: Params }) {
  const product = await loadProduct((await params).id);
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
          Images: upload, order, alt text
        </Link>
      </p>
      <ProductEditor
        key={product.id}
        product={product}
        choices={choices}
        storefrontUrl={env.STOREFRONT_URL}
      />
    </div>
  );
}
