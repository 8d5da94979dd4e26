import type { Metadata } from 'next';
import Link from 'next/link';
import { can } from '@shop/core';
import { Section } from '~/components/section';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { NoSettingsAccess } from '../regions/settings-access';
import { percentText } from '../regions/settings-fields';
import { TaxTable, type TaxRow } from './tax-table';

export const metadata: Metadata = { title: 'Taxes' };

const countryNames = new Intl.DisplayNames(['en'], { type: 'region' });

/**
 * Tax rates: each region's default (set on the region's page) and each country's own rate where
 * it differs (EU VAT differs by country inside one euro region). A cart is charged its shipping
 * country's own rate once the address is known, else its region's; prices that include tax keep
 * their shelf price.
 */
export default async function TaxesPage() {
  const staff = await requireStaff();
  if (!can(staff.role, 'settings:write'))
    return <NoSettingsAccess title="Taxes" role={staff.role} />;
  const api = await getAdminApi();
  const regions = await api.admin.settings.regions.list();
  return (
    <div className="space-y-6">
      <div className="max-w-3xl">
        <h1 className="text-lg font-semibold">Taxes</h1>
        <p className="text-neutral-600">
          Checkout charges the shipping country&apos;s own rate when it has one, otherwise its
          region&apos;s default. Where prices include tax, the shelf price stays the same and the
          tax in it is worked out at that rate.
        </p>
      </div>
      {regions.map((region) => {
        const rows: TaxRow[] = region.countries.map((c) => ({
          countryCode: c.countryCode,
          countryName: countryNames.of(c.countryCode) ?? c.countryCode,
          regionRateBp: region.taxRateBp,
          taxRateBp: c.taxRateBp,
        }));
        const headingId = `tax-region-${region.id}`;
        return (
          <Section
            key={region.id}
            headingId={headingId}
            title={`${region.name} (${region.currencyCode})`}
          >
            <p className="text-neutral-600">
              Default {percentText(region.taxRateBp)}%,{' '}
              {region.taxInclusive ? 'included in prices' : 'added at checkout'} ·{' '}
              <Link
                href={`/settings/regions/${region.id}`}
                className="text-accent underline underline-offset-2"
              >
                Change the default
              </Link>
            </p>
            <TaxTable
              rows={rows}
              label={{ labelledBy: headingId }}
              empty="This region has no countries yet."
            />
          </Section>
        );
      })}
    </div>
  );
}
