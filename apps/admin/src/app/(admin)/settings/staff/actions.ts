'use server';

import { revalidatePath } from 'next/cache';
import { zStaffRole, type StaffInviteInput } from '@shop/validators';
import { withAdminApi, type Refused } from '~/lib/admin-action';
import { parseId } from '~/lib/ids';

/** What a staff form's action answers: done with a sentence, or the router's refusal. */
export type StaffActionResult = { ok: true; message: string } | Refused;

/** Sends an invitation (`admin.staff.invite`); a second submit is refused, not mailed twice. */
export async function inviteStaffAction(input: StaffInviteInput): Promise<StaffActionResult> {
  return withAdminApi('staff invite', async (api) => {
    const invite = await api.admin.staff.invite(input);
    revalidatePath('/settings/staff');
    return { ok: true as const, message: `Invitation mailed to ${invite.email}.` };
  });
}

export async function changeRoleAction(
  _previous: StaffActionResult | null,
  form: FormData,
): Promise<StaffActionResult> {
  const role = zStaffRole.safeParse(form.get('role'));
  if (!role.success) return { ok: false, message: 'Choose owner, manager or support.' };
  return withAdminApi('staff role', async (api) => {
    const member = await api.admin.staff.changeRole({
      id: String(form.get('id') ?? ''),
      role: role.data,
    });
    revalidatePath('/settings/staff');
    return { ok: true as const, message: `${member.email} is now ${member.role}.` };
  });
}

/** Removes a member; their sessions go with them, so they are signed out at once. */
export async function removeStaffAction(id: string): Promise<string | null> {
  const result = await withAdminApi('staff remove', async (api) => {
    await api.admin.staff.remove({ id });
    revalidatePath('/settings/staff');
    return { ok: true as const };
  });
  return result.ok ? null : result.message;
}

export async function revokeInviteAction(
  _previous: StaffActionResult | null,
  form: FormData,
): Promise<StaffActionResult> {
  const id = parseId(form.get('id'));
  if (id === null) return { ok: false, message: 'No invitation to revoke.' };
  return withAdminApi('staff invite revoke', async (api) => {
    await api.admin.staff.revokeInvite({ id });
    revalidatePath('/settings/staff');
    return { ok: true as const, message: 'Invitation revoked.' };
  });
}
