import type { Metadata } from 'next';
import { can } from '@shop/core';
import { ActionButton } from '~/components/action-button';
import { CardSection, Notice, Section } from '~/components/section';
import { cell, Table, Th } from '~/components/table';
import { formatWhen as when } from '~/lib/format';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { revokeInviteAction } from './actions';
import { InviteForm, RemoveStaffButton, RoleForm } from './staff-forms';

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
        <Table
          columns={4}
          head={
            <>
              <Th>Name</Th>
              <Th>Email</Th>
              <Th>Role</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </>
          }
          rows={members}
          empty="No staff."
        >
          {(m) => (
            <tr key={m.id} data-testid="staff-row">
              <td className={`${cell} font-medium`}>
                {m.name}
                {m.id === staff.id ? (
                  <span className="ml-1 text-xs text-neutral-500">(you)</span>
                ) : null}
              </td>
              <td className={cell}>{m.email}</td>
              <td className={cell}>
                <RoleForm member={m} />
              </td>
              <td className={cell}>
                <RemoveStaffButton member={m} />
              </td>
            </tr>
          )}
        </Table>
      </Section>

      <Section headingId="invites" title={`Open invitations (${invites.length})`}>
        <Table
          columns={4}
          head={
            <>
              <Th>Email</Th>
              <Th>Role</Th>
              <Th>Expires</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </>
          }
          rows={invites}
          empty="No open invitations."
        >
          {(i) => (
            <tr key={i.id} data-testid="invite-row">
              <td className={cell}>
                {i.email}
                {i.invitedBy ? (
                  <div className="text-xs text-neutral-500">by {i.invitedBy}</div>
                ) : null}
              </td>
              <td className={cell}>{i.role}</td>
              <td className={`${cell} whitespace-nowrap`}>{when(i.expiresAt)}</td>
              <td className={cell}>
                <ActionButton
                  action={revokeInviteAction}
                  fields={{ id: i.id }}
                  label="Revoke"
                  pendingLabel="Revoking…"
                  ariaLabel={`Revoke the invitation to ${i.email}`}
                />
              </td>
            </tr>
          )}
        </Table>
      </Section>
    </div>
  );
}
