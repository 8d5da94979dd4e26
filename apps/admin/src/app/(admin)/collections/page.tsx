import type { Metadata } from 'next';
import { can } from '@shop/core';
import { CardSection } from '~/components/section';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { CollectionForm } from './collection-form';
import { CollectionTable } from './collection-table';

export const metadata: Metadata = { title: 'Collections' };

/** Every collection in the storefront's order, reorderable with products:write. */
export default async function CollectionsPage() {
  const staff = await requireStaff();
  const api = await getAdminApi();
  const collections = await api.admin.collections.all();
  const canWrite = can(staff.role, 'products:write');
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-lg font-semibold">Collections</h1>
        <p className="text-neutral-600">
          The storefront lists collections in this order; open one to order its products.
        </p>
      </div>
      {canWrite ? (
        <CardSection headingId="new-collection" title="New collection">
          <CollectionForm />
        </CardSection>
      ) : null}
      <CollectionTable
        rows={collections.map((c) => ({ ...c, count: collections.length, canWrite }))}
        empty="No collections yet."
      />
    </div>
  );
}
