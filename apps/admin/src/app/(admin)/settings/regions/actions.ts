'use server';

import { revalidatePath } from 'next/cache';
import type { RegionInput } from '@shop/validators';
import { withAdminApi } from '~/lib/admin-action';
import type { SettingsActionResult } from './settings-fields';

/** A currency nothing is priced in yet is allowed; the sentence says who cannot buy there. */
function priceWarning(r: { variantsWithoutPrice: number; currencyCode: string }): string {
  if (r.variantsWithoutPrice === 0) return '';
  const n = r.variantsWithoutPrice;
  return ` ${n} active ${n === 1 ? 'variant has' : 'variants have'} no ${r.currencyCode} price yet: shoppers in this region cannot buy ${n === 1 ? 'it' : 'them'}.`;
}

function refreshRegionPages(id?: number) {
  revalidatePath('/settings/regions');
  revalidatePath('/settings/taxes');
  revalidatePath('/settings/shipping');
  if (id !== undefined) revalidatePath(`/settings/regions/${id}`);
}

/** Creates a region (`admin.settings.regions.create`); a second submit meets "already exists". */
export async function createRegionAction(input: RegionInput): Promise<SettingsActionResult> {
  return withAdminApi('region create', async (api) => {
    const r = await api.admin.settings.regions.create(input);
    refreshRegionPages(r.id);
    return { ok: true as const, id: r.id, message: `Region ${r.name} created.${priceWarning(r)}` };
  });
}

export async function updateRegionAction(
  id: number,
  input: RegionInput,
): Promise<SettingsActionResult> {
  return withAdminApi('region update', async (api) => {
    const r = await api.admin.settings.regions.update({ id, region: input });
    refreshRegionPages(id);
    return { ok: true as const, id, message: `Region ${r.name} saved.${priceWarning(r)}` };
  });
}

/** The region's whole list of countries (`admin.settings.regions.setCountries`). */
export async function setCountriesAction(
  regionId: number,
  countries: string[],
): Promise<SettingsActionResult> {
  return withAdminApi('region countries', async (api) => {
    const r = await api.admin.settings.regions.setCountries({ regionId, countries });
    refreshRegionPages(regionId);
    const n = r.countries.length;
    return {
      ok: true as const,
      id: regionId,
      message: `${r.name} ships to ${n} ${n === 1 ? 'country' : 'countries'}.`,
    };
  });
}

/** Deletes a region nothing uses; the refusal names what does. */
export async function deleteRegionAction(id: number): Promise<SettingsActionResult> {
  return withAdminApi('region delete', async (api) => {
    await api.admin.settings.regions.delete({ id });
    refreshRegionPages();
    return { ok: true as const, message: 'Region deleted.' };
  });
}
