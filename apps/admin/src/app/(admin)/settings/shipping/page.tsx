import type { Metadata } from 'next';
import { can } from '@shop/core';
import { CardSection, Section } from '~/components/section';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { NoSettingsAccess } from '../regions/settings-access';
import { ShippingForm } from './shipping-form';
import { ShippingTable, type Row } from './shipping-table';

export const metadata: Metadata = { title: 'Shipping' };

/**
 * Shipping options per region, in the order checkout offers them: a flat rate, or a rate that
 * becomes free from a subtotal. Checkout reads them on every request, so a change shows at the
 * shopper's next step.
 */
export default async function ShippingPage() {
  const staff = await requireStaff();
  if (!can(staff.role, 'settings:write'))
    return <NoSettingsAccess title="Shipping" role={staff.role} />;
  const api = await getAdminApi();
  const [regions, options] = await Promise.all([
    api.admin.settings.regions.list(),
    api.admin.settings.shipping.list({}),
  ]);
  return (
    <div className="space-y-6">
      <div className="max-w-3xl">
        <h1 className="text-lg font-semibold">Shipping</h1>
        <p className="text-neutral-600">
          Amounts are in the region&apos;s currency. A free-shipping discount code makes every
          option free; a &ldquo;free over&rdquo; option is free once the discounted subtotal reaches
          its threshold.
        </p>
      </div>
      {regions.map((region) => {
        const own = options.filter((o) => o.regionId === region.id);
        const rows: Row[] = own.map((o, i) => ({
          ...o,
          isFirst: i === 0,
          isLast: i === own.length - 1,
        }));
        const headingId = `shipping-region-${region.id}`;
        return (
          <Section
            key={region.id}
            headingId={headingId}
            title={`${region.name} (${region.currencyCode})`}
          >
            <ShippingTable
              rows={rows}
              label={{ labelledBy: headingId }}
              empty="No shipping options: shoppers in this region cannot check out."
            />
          </Section>
        );
      })}
      <CardSection headingId="new-shipping" title="New shipping option">
        <ShippingForm
          option={null}
          regions={regions.map((r) => ({ id: r.id, name: r.name, currencyCode: r.currencyCode }))}
        />
      </CardSection>
    </div>
  );
}
