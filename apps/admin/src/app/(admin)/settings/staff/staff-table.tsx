'use client';

import type { StaffInviteRow, StaffMemberRow } from '@shop/validators';
import { ActionButton } from '~/components/action-button';
import { actionsHeader, listTable } from '~/components/data-table';
import { formatWhen } from '~/lib/format';
import { revokeInviteAction } from './actions';
import { RemoveStaffButton, RoleForm } from './staff-forms';

/** A member as the list shows them: the page marks the signed-in staff member. */
export type MemberRow = StaffMemberRow & { isYou: boolean };

/** Who may sign in: name, email, the role (changed in place) and Remove. */
export const MemberTable = listTable<MemberRow>({
  label: 'Staff members',
  columns: [
    {
      id: 'name',
      header: 'Name',
      cell: (m) => (
        <>
          {m.name}
          {m.isYou ? <span className="ml-1 text-xs text-neutral-500">(you)</span> : null}
        </>
      ),
      className: 'font-medium',
    },
    { id: 'email', header: 'Email', cell: (m) => m.email },
    { id: 'role', header: 'Role', cell: (m) => <RoleForm member={m} /> },
    { id: 'actions', header: actionsHeader, cell: (m) => <RemoveStaffButton member={m} /> },
  ],
  rowKey: (m) => m.id,
  rowTestId: 'staff-row',
});

/** The invitations still open: to whom (and by whom), the role, when it expires and Revoke. */
export const InviteTable = listTable<StaffInviteRow>({
  label: 'Open invitations',
  columns: [
    {
      id: 'email',
      header: 'Email',
      cell: (i) => (
        <>
          {i.email}
          {i.invitedBy ? <div className="text-xs text-neutral-500">by {i.invitedBy}</div> : null}
        </>
      ),
    },
    { id: 'role', header: 'Role', cell: (i) => i.role },
    {
      id: 'expires',
      header: 'Expires',
      cell: (i) => formatWhen(i.expiresAt),
      className: 'whitespace-nowrap',
    },
    {
      id: 'actions',
      header: actionsHeader,
      cell: (i) => (
        <ActionButton
          action={revokeInviteAction}
          fields={{ id: i.id }}
          label="Revoke"
          pendingLabel="Revoking…"
          ariaLabel={`Revoke the invitation to ${i.email}`}
        />
      ),
    },
  ],
  rowKey: (i) => String(i.id),
  rowTestId: 'invite-row',
});
