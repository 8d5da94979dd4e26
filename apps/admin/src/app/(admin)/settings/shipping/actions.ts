'use server';

import { revalidatePath } from 'next/cache';
import type { ShippingOptionFields, ShippingOptionInput } from '@shop/validators';
import { withAdminApi } from '~/lib/admin-action';
import type { SettingsActionResult } from '../regions/settings-fields';

function refreshShippingPages(id?: number) {
  revalidatePath('/settings/shipping');
  revalidatePath('/settings/regions');
  if (id !== undefined) revalidatePath(`/settings/shipping/${id}`);
}

/** Adds an option at the end of its region's list; a second submit meets "already has". */
export async function createShippingAction(
  input: ShippingOptionInput,
): Promise<SettingsActionResult> {
  return withAdminApi('shipping option create', async (api) => {
    const o = await api.admin.settings.shipping.create(input);
    refreshShippingPages(o.id);
    return { ok: true as const, id: o.id, message: `${o.name} added to ${o.regionName}.` };
  });
}

export async function updateShippingAction(
  id: number,
  option: ShippingOptionFields,
): Promise<SettingsActionResult> {
  return withAdminApi('shipping option update', async (api) => {
    const o = await api.admin.settings.shipping.update({ id, option });
    refreshShippingPages(id);
    return { ok: true as const, id, message: `${o.name} saved.` };
  });
}

/** One place up or down its region's list. */
export async function moveShippingAction(
  id: number,
  direction: 'up' | 'down',
): Promise<SettingsActionResult> {
  return withAdminApi('shipping option move', async (api) => {
    await api.admin.settings.shipping.move({ id, direction });
    refreshShippingPages();
    return { ok: true as const, message: `Moved ${direction}.` };
  });
}

export async function deleteShippingAction(id: number): Promise<SettingsActionResult> {
  return withAdminApi('shipping option delete', async (api) => {
    await api.admin.settings.shipping.delete({ id });
    refreshShippingPages();
    return { ok: true as const, message: 'Shipping option deleted.' };
  });
}
