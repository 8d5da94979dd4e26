import type { Metadata } from 'next';
import { can } from '@shop/core';
import { CardSection } from '~/components/section';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { CategoryForm, CategoryTree } from './category-tree';

export const metadata: Metadata = { title: 'Categories' };

/**
 * The category tree in the storefront's order (its navigation and category pages follow it):
 * add, rename, move and delete categories with products:write; read-only otherwise.
 */
export default async function CategoriesPage() {
  const staff = await requireStaff();
  const api = await getAdminApi();
  const categories = await api.admin.categories.tree();
  const canWrite = can(staff.role, 'products:write');
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-lg font-semibold">Categories</h1>
        <p className="text-neutral-600">
          The storefront shows categories in this order. A category&apos;s handle is its address (
          <span className="font-mono">/c/handle</span>); changing it breaks old links to it.
        </p>
      </div>
      {canWrite ? (
        <CardSection headingId="new-category" title="New category">
          <CategoryForm idPrefix="new-category" parentChoices={categories} />
        </CardSection>
      ) : null}
      <CategoryTree categories={categories} canWrite={canWrite} />
    </div>
  );
}
