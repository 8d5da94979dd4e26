import type { Metadata } from 'next';
import Link from 'next/link';
import { env } from '~/env';
import { getAdminApi } from '~/server/api';
import { ProductEditor } from '../editor/product-editor';

export const metadata: Metadata = { title: 'New product' };

/** A new product: the editor with nothing saved yet (a draft until its status says otherwise). */
export default async function NewProductPage() {
  const choices = await (await getAdminApi()).admin.products.choices();
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-neutral-600">
        <Link href="/products" className="hover:text-neutral-900 hover:underline">
          Products
        </Link>
        <span aria-hidden="true"> / </span>
        <span className="text-neutral-900">New product</span>
      </nav>
      <ProductEditor product={null} choices={choices} storefrontUrl={env.STOREFRONT_URL} />
    </div>
  );
}
