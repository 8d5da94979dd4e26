'use server';

import { revalidatePath } from 'next/cache';
import type { LocationInput } from '@shop/validators';
import { withAdminApi } from '~/lib/admin-action';
import type { SettingsActionResult } from '../regions/settings-fields';

function refreshLocationPages() {
  revalidatePath('/settings/locations');
  revalidatePath('/stock');
}

/** Creates a location; a code taken (or a second submit) is refused with a sentence. */
export async function createLocationAction(input: LocationInput): Promise<SettingsActionResult> {
  return withAdminApi('stock location create', async (api) => {
    const l = await api.admin.settings.locations.create(input);
    refreshLocationPages();
    return { ok: true as const, id: l.id, message: `${l.name} (${l.code}) created.` };
  });
}

export async function renameLocationAction(
  id: number,
  name: string,
): Promise<SettingsActionResult> {
  return withAdminApi('stock location rename', async (api) => {
    const l = await api.admin.settings.locations.update({ id, name });
    refreshLocationPages();
    return { ok: true as const, id, message: `Renamed to ${l.name}.` };
  });
}

/** Deletes an empty location; the refusal says what it still holds. */
export async function deleteLocationAction(id: number): Promise<SettingsActionResult> {
  return withAdminApi('stock location delete', async (api) => {
    await api.admin.settings.locations.delete({ id });
    refreshLocationPages();
    return { ok: true as const, message: 'Stock location deleted.' };
  });
}
