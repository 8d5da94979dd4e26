import type { Metadata } from 'next';
import { can } from '@shop/core';
import { CardSection, Notice, Section } from '~/components/section';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { InviteForm } from './staff-forms';
import { InviteTable, MemberTable } from './staff-table';

export const metadata: Metadata = { title: 'Staff' };

/**
 * Settings → Staff, the owner's (`staff:manage`): who may sign in to the admin and with which
 * role (docs/permissions.md), the invitations still open, and the form that mails a new one.
 */
export default async function StaffPage() {
  const staff = await requireStaff();
  if (!can(staff.role, 'staff:manage'))
    return (
      <div className="max-w-3xl space-y-2">
        <h1 className="text-lg font-semibold">Staff</h1>
        <Notice>Only the shop&apos;s owner manages staff; your role ({staff.role}) cannot.</Notice>
      </div>
    );
  const api = await getAdminApi();
  const { members, invites } = await api.admin.staff.list();
  return (
    <div className="space-y-6">
      <div className="max-w-3xl">
        <h1 className="text-lg font-semibold">Staff</h1>
        <p className="text-neutral-600">
          An invitation mails a link that works once for seven days; the invitee chooses a name and
          password. Removing someone signs them out at once. The last owner can be neither removed
          nor demoted.
        </p>
      </div>

      <CardSection headingId="invite" title="Invite someone">
        <InviteForm />
      </CardSection>

      <Section headingId="members" title={`Members (${members.length})`}>
        <MemberTable
          rows={members.map((m) => ({ ...m, isYou: m.id === staff.id }))}
          empty="No staff."
        />
      </Section>

      <Section headingId="invites" title={`Open invitations (${invites.length})`}>
        <InviteTable rows={invites} empty="No open invitations." />
      </Section>
    </div>
  );
}
