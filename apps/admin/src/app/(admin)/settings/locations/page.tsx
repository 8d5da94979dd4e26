import type { Metadata } from 'next';
import { can } from '@shop/core';
import { CardSection, Section } from '~/components/section';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { NoSettingsAccess } from '../regions/settings-access';
import { CreateLocationForm } from './location-forms';
import { LocationTable } from './location-table';

export const metadata: Metadata = { title: 'Stock locations' };

/**
 * Where stock is kept: each location's code (what the stock API and CSV files name it by), its
 * name and what it holds. Checkout reserves from whichever location has the units.
 */
export default async function LocationsPage() {
  const staff = await requireStaff();
  if (!can(staff.role, 'settings:write'))
    return <NoSettingsAccess title="Stock locations" role={staff.role} />;
  const api = await getAdminApi();
  const locations = await api.admin.settings.locations.list();
  return (
    <div className="space-y-6">
      <div className="max-w-3xl">
        <h1 className="text-lg font-semibold">Stock locations</h1>
        <p className="text-neutral-600">
          A location can be deleted once it holds no stock and has no transfers or stock history;
          the shop keeps at least one.
        </p>
      </div>
      <Section headingId="location-list" title={`Locations (${locations.length})`}>
        <LocationTable rows={locations} empty="No stock locations yet." />
      </Section>
      <CardSection headingId="new-location" title="New stock location">
        <CreateLocationForm />
      </CardSection>
    </div>
  );
}
