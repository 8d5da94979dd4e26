import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { can } from '@shop/core';
import { CardSection } from '~/components/section';
import { parseId } from '~/lib/ids';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { NoSettingsAccess } from '../../regions/settings-access';
import { ShippingForm } from '../shipping-form';

export const metadata: Metadata = { title: 'Shipping option' };

/** One shipping option's settings (its region stays). */
export default async function ShippingOptionPage({ params }: { params: Promise<{ id: string }> }) {
  const id = parseId((await params).id);
  if (id === null) notFound();
  const staff = await requireStaff();
  if (!can(staff.role, 'settings:write'))
    return <NoSettingsAccess title="Shipping option" role={staff.role} />;
  const api = await getAdminApi();
  const option = (await api.admin.settings.shipping.list({})).find((o) => o.id === id);
  if (!option) notFound();
  return (
    <div className="space-y-6">
      <div>
        <Link href="/settings/shipping" className="text-neutral-600 hover:underline">
          ← Shipping
        </Link>
        <h1 className="text-lg font-semibold">{option.name}</h1>
        <p className="text-neutral-600">
          {option.regionName} · amounts in {option.currencyCode}
        </p>
      </div>
      <CardSection headingId="shipping-settings" title="Settings">
        <ShippingForm
          option={option}
          regions={[
            { id: option.regionId, name: option.regionName, currencyCode: option.currencyCode },
          ]}
        />
      </CardSection>
    </div>
  );
}
