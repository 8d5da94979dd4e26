'use server';

import { revalidatePath } from 'next/cache';
import type { DiscountInput } from '@shop/validators';
import { withAdminApi, type Refused } from '~/lib/admin-action';

export type DiscountActionResult = { ok: true; id: number; message: string } | Refused;

/** Creates a code (`admin.discounts.create`); a second submit meets "already exists". */
export async function createDiscountAction(input: DiscountInput): Promise<DiscountActionResult> {
  return withAdminApi('discount create', async (api) => {
    const d = await api.admin.discounts.create(input);
    revalidatePath('/discounts');
    return { ok: true as const, id: d.id, message: `Discount ${d.code} created.` };
  });
}

export async function updateDiscountAction(
  id: number,
  input: DiscountInput,
): Promise<DiscountActionResult> {
  return withAdminApi('discount update', async (api) => {
    const d = await api.admin.discounts.update({ id, discount: input });
    revalidatePath('/discounts');
    revalidatePath(`/discounts/${id}`);
    return { ok: true as const, id: d.id, message: `Discount ${d.code} saved.` };
  });
}

/** Deactivates (archives) a code or brings it back; clicking twice is harmless. */
export async function setArchivedAction(
  id: number,
  archived: boolean,
): Promise<DiscountActionResult> {
  return withAdminApi('discount archive', async (api) => {
    const d = await api.admin.discounts.setArchived({ id, archived });
    revalidatePath('/discounts');
    revalidatePath(`/discounts/${id}`);
    return {
      ok: true as const,
      id: d.id,
      message: archived ? `Discount ${d.code} deactivated.` : `Discount ${d.code} reactivated.`,
    };
  });
}
