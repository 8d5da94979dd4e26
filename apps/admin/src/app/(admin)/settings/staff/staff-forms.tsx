'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useActionState, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { zStaffInviteInput, zStaffRole, type StaffMemberRow } from '@shop/validators';
import { ConfirmDialog } from '~/components/confirm-dialog';
import { ResultLine, TextField } from '~/components/form-fields';
import {
  changeRoleAction,
  inviteStaffAction,
  removeStaffAction,
  type StaffActionResult,
} from './actions';

const roleLabels: Record<z.infer<typeof zStaffRole>, string> = {
  owner: 'Owner',
  manager: 'Manager',
  support: 'Support',
};

type InviteValues = z.input<typeof zStaffInviteInput>;

/**
 * The invitation form, checked in the browser with the router's own schema; the server refuses
 * a second invitation to the same address, so a double submit mails once.
 */
export function InviteForm() {
  const [result, setResult] = useState<StaffActionResult | null>(null);
  const form = useForm<InviteValues, unknown, z.output<typeof zStaffInviteInput>>({
    resolver: zodResolver(zStaffInviteInput),
    defaultValues: { email: '', name: '', role: 'support' },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    const answer = await inviteStaffAction(values);
    setResult(answer);
    if (answer.ok) form.reset({ email: '', name: '', role: values.role });
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Invite staff">
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField
          id="invite-email"
          label="Email"
          type="email"
          autoComplete="off"
          error={errors.email?.message}
          {...form.register('email')}
        />
        <TextField
          id="invite-name"
          label="Name (optional)"
          autoComplete="off"
          error={errors.name?.message}
          {...form.register('name')}
        />
        <div className="space-y-1">
          <label htmlFor="invite-role" className="block font-medium">
            Role
          </label>
          <select id="invite-role" className="input w-full" {...form.register('role')}>
            {zStaffRole.options.map((r) => (
              <option key={r} value={r}>
                {roleLabels[r]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="text-sm text-neutral-600">
        Owners do everything, including staff and API tokens; managers everything else; support sees
        orders, customers and the catalog and may refund.
      </p>
      <button type="submit" className="button-primary" disabled={isSubmitting}>
        {isSubmitting ? 'Sending…' : 'Send invitation'}
      </button>
      <ResultLine result={result} />
    </form>
  );
}

/** A member's role, changed in place; the last owner's demotion is refused with a sentence. */
export function RoleForm({ member }: { member: StaffMemberRow }) {
  const [state, action, pending] = useActionState(changeRoleAction, null);
  return (
    <form action={action} className="space-y-1">
      <input type="hidden" name="id" value={member.id} />
      <div className="flex items-center gap-2">
        <label htmlFor={`role-${member.id}`} className="sr-only">
          Role of {member.email}
        </label>
        <select
          id={`role-${member.id}`}
          name="role"
          defaultValue={member.role}
          className="input w-auto"
        >
          {zStaffRole.options.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <button
          type="submit"
          className="button-secondary"
          disabled={pending}
          aria-label={`Save the role of ${member.email}`}
        >
          {pending ? 'Saving…' : 'Save'}
        </button>
      </div>
      <ResultLine result={state} />
    </form>
  );
}

export function RemoveStaffButton({ member }: { member: StaffMemberRow }) {
  return (
    <ConfirmDialog
      trigger="Remove"
      triggerLabel={`Remove ${member.email}`}
      title={`Remove ${member.email}?`}
      description="They are signed out at once on every device, and the API tokens they created stop working."
      confirmLabel="Remove"
      pendingLabel="Removing…"
      onConfirm={() => removeStaffAction(member.id)}
    />
  );
}
