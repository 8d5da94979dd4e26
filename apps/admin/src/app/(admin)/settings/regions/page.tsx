import type { Metadata } from 'next';
import { can } from '@shop/core';
import { CardSection, Section } from '~/components/section';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { RegionForm } from './region-forms';
import { RegionTable } from './region-table';
import { NoSettingsAccess } from './settings-access';

export const metadata: Metadata = { title: 'Regions and currencies' };

const TITLE = 'Regions and currencies';

/**
 * The regions the shop sells in: each in one currency, to its countries, with prices shown with
 * or without tax. A region whose currency some active variants have no price in is flagged (its
 * shoppers cannot buy them). Owners and managers (`settings:write`) only.
 */
export default async function RegionsPage() {
  const staff = await requireStaff();
  if (!can(staff.role, 'settings:write'))
    return <NoSettingsAccess title={TITLE} role={staff.role} />;
  const api = await getAdminApi();
  const regions = await api.admin.settings.regions.list();
  const unpriced = regions.filter((r) => r.variantsWithoutPrice > 0);
  return (
    <div className="space-y-6">
      <div className="max-w-3xl">
        <h1 className="text-lg font-semibold">{TITLE}</h1>
        <p className="text-neutral-600">
          Shoppers see the region of their address: its currency, its shipping options and its tax.
          A country belongs to one region. Changes reach the storefront within seconds.
        </p>
      </div>
      {unpriced.length > 0 ? (
        <div role="note" className="max-w-3xl rounded-sm border border-danger px-3 py-2">
          <ul className="space-y-1">
            {unpriced.map((r) => (
              <li key={r.id}>
                {r.name}: {r.variantsWithoutPrice} active{' '}
                {r.variantsWithoutPrice === 1 ? 'variant has' : 'variants have'} no {r.currencyCode}{' '}
                price, so shoppers there cannot buy {r.variantsWithoutPrice === 1 ? 'it' : 'them'}.
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <Section headingId="region-list" title={`Regions (${regions.length})`}>
        <RegionTable rows={regions} empty="No regions yet." />
      </Section>
      <CardSection headingId="new-region" title="New region">
        <RegionForm region={null} />
      </CardSection>
    </div>
  );
}
