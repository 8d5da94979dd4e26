import type { Metadata } from 'next';
import Link from 'next/link';
import { can } from '@shop/core';
import { Notice } from '~/components/section';
import { env } from '~/env';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { ProductEditor } from '../editor/product-editor';

export const metadata: Metadata = { title: 'New product' };

/**
 * A new product: the editor with nothing saved yet (a draft until its status says otherwise),
 * for staff who may change the catalog (`products:write`); others are told why there is none.
 */
export default async function NewProductPage() {
  const staff = await requireStaff();
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-neutral-600">
        <Link href="/products" className="hover:text-neutral-900 hover:underline">
          Products
        </Link>
        <span aria-hidden="true"> / </span>
        <span className="text-neutral-900">New product</span>
      </nav>
      {can(staff.role, 'products:write') ? (
        <ProductEditor
          product={null}
          choices={await (await getAdminApi()).admin.products.choices()}
          storefrontUrl={env.STOREFRONT_URL}
        />
      ) : (
        <>
          <h1 className="text-lg font-semibold">New product</h1>
          <Notice>
            Only owners and managers create products; your role ({staff.role}) cannot.
          </Notice>
        </>
      )}
    </div>
  );
}
