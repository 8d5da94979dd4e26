'use server';

import { revalidatePath } from 'next/cache';
import { withAdminApi } from '~/lib/admin-action';
import { percentText, type SettingsActionResult } from '../regions/settings-fields';

/**
 * Sets a country's own tax rate, or clears it with null (`admin.settings.regions.
 * setCountryTaxRate`): carts shipping there are charged it from their next step on.
 */
export async function setCountryTaxRateAction(
  countryCode: string,
  taxRateBp: number | null,
): Promise<SettingsActionResult> {
  return withAdminApi('country tax rate', async (api) => {
    const region = await api.admin.settings.regions.setCountryTaxRate({ countryCode, taxRateBp });
    revalidatePath('/settings/taxes');
    revalidatePath(`/settings/regions/${region.id}`);
    return {
      ok: true as const,
      message:
        taxRateBp === null
          ? `${countryCode} pays the region's rate again (${percentText(region.taxRateBp)}%).`
          : `${countryCode} pays ${percentText(taxRateBp)}%.`,
    };
  });
}
