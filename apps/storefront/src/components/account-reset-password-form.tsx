'use client';

import { useActionState } from 'react';
import { resetPassword } from '~/app/account/actions';
import { idle } from '~/app/account/form-state';
import { AccountField, AccountFormMessage, primaryButton } from './account-field';

export function AccountResetPasswordForm({
  token,
  minPasswordLength,
}: {
  token: string;
  minPasswordLength: number;
}) {
  const [state, action, isPending] = useActionState(resetPassword, idle);
  const errors = state.status === 'error' ? (state.fieldErrors ?? {}) : {};
  return (
    <form action={action} noValidate className="flex flex-col gap-4">
      <input type="hidden" name="token" value={token} />
      <AccountField
        id="reset-password"
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        autoFocus
        minLength={minPasswordLength}
        error={errors.password}
        hint={`At least ${minPasswordLength} characters.`}
      />
      <AccountField
        id="reset-confirm-password"
        name="confirmPassword"
        label="Confirm password"
        type="password"
        autoComplete="new-password"
        required
        error={errors.confirmPassword}
      />
      <AccountFormMessage state={state} />
      <button type="submit" className={primaryButton} disabled={isPending}>
        {isPending ? 'Saving…' : 'Set new password'}
      </button>
    </form>
  );
}
