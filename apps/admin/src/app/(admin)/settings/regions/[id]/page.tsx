import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { can } from '@shop/core';
import { CardSection } from '~/components/section';
import { parseId } from '~/lib/ids';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { CountriesForm, DeleteRegionButton, RegionForm } from '../region-forms';
import { NoSettingsAccess } from '../settings-access';

export const metadata: Metadata = { title: 'Region' };

/** One region: its settings, its countries, and deleting it while nothing uses it. */
export default async function RegionPage({ params }: { params: Promise<{ id: string }> }) {
  const id = parseId((await params).id);
  if (id === null) notFound();
  const staff = await requireStaff();
  if (!can(staff.role, 'settings:write'))
    return <NoSettingsAccess title="Region" role={staff.role} />;
  const api = await getAdminApi();
  const region = (await api.admin.settings.regions.list()).find((r) => r.id === id);
  if (!region) notFound();
  return (
    <div className="space-y-6">
      <div>
        <Link href="/settings/regions" className="text-neutral-600 hover:underline">
          ← Regions and currencies
        </Link>
        <h1 className="text-lg font-semibold">{region.name}</h1>
        <p className="text-neutral-600">
          {region.currencyCode} · {region.countries.length}{' '}
          {region.countries.length === 1 ? 'country' : 'countries'} · {region.shippingOptions}{' '}
          shipping {region.shippingOptions === 1 ? 'option' : 'options'} · {region.carts}{' '}
          {region.carts === 1 ? 'cart' : 'carts'} · {region.orders}{' '}
          {region.orders === 1 ? 'order' : 'orders'}
        </p>
      </div>
      <CardSection headingId="region-settings" title="Settings">
        <RegionForm region={region} />
      </CardSection>
      <CardSection headingId="region-countries" title="Countries">
        <p className="mb-2 text-neutral-600">
          Each country&apos;s own tax rate is set under{' '}
          <Link href="/settings/taxes" className="text-accent underline underline-offset-2">
            Taxes
          </Link>
          .
        </p>
        <CountriesForm region={region} />
      </CardSection>
      <DeleteRegionButton region={region} />
    </div>
  );
}
