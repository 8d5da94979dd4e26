import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { TRPCError } from '@trpc/server';
import { can } from '@shop/core';
import { MAX_IMAGE_UPLOAD_BYTES, MAX_PRODUCT_IMAGES } from '@shop/validators';
import { Notice } from '~/components/section';
import { env } from '~/env';
import { parseId } from '~/lib/ids';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { ImageManager } from './image-manager';

type Params = Promise<{ id: string }>;

const load = cache(async (id: string) => {
  const productId = parseId(id);
  if (productId === null) notFound();
  const api = await getAdminApi();
  try {
    const [product, images] = [
      await api.admin.products.get({ id: productId }),
      await api.admin.products.images.list({ productId }),
    ];
    return { product, images };
  } catch (err) {
    if (err instanceof TRPCError && err.code === 'NOT_FOUND') notFound();
    throw err;
  }
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { product } = await load((await params).id);
  return { title: `Images · ${product.title}` };
}

/** A product's images: upload (several at once, with progress), order, alt text, delete. */
export default async function ProductImagesPage({ params }: { params: Params }) {
  const { product, images } = await load((await params).id);
  const staff = await requireStaff();
  const mayChange = can(staff.role, 'products:write');
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-neutral-600">
        <Link href="/products" className="hover:text-neutral-900 hover:underline">
          Products
        </Link>
        <span aria-hidden="true"> / </span>
        <Link href={`/products/${product.id}`} className="hover:text-neutral-900 hover:underline">
          {product.title}
        </Link>
        <span aria-hidden="true"> / </span>
        <span className="text-neutral-900">Images</span>
      </nav>
      <h1 className="text-lg font-semibold">Images of {product.title}</h1>
      {mayChange ? null : <Notice>Your role may look at these images but not change them.</Notice>}
      <ImageManager
        productId={product.id}
        productTitle={product.title}
        images={images}
        mediaOrigin={env.STOREFRONT_URL}
        mayChange={mayChange}
        maxBytes={MAX_IMAGE_UPLOAD_BYTES}
        maxImages={MAX_PRODUCT_IMAGES}
      />
    </div>
  );
}
