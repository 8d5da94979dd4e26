'use client';

import { useActionState } from 'react';
import { requestPasswordReset } from '~/app/account/actions';
import { idle } from '~/app/account/form-state';
import { AccountField, AccountFormMessage, primaryButton } from './account-field';

export function AccountForgotPasswordForm() {
  const [state, action, isPending] = useActionState(requestPasswordReset, idle);
  const errors = state.status === 'error' ? (state.fieldErrors ?? {}) : {};
  const values = state.status === 'error' ? (state.values ?? {}) : {};
  return (
    <form action={action} noValidate className="flex flex-col gap-4">
      <AccountField
        id="forgot-email"
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        autoFocus
        defaultValue={values.email}
        error={errors.email}
      />
      <AccountFormMessage state={state} />
      <button type="submit" className={primaryButton} disabled={isPending}>
        {isPending ? 'Sending…' : 'Send reset link'}
      </button>
    </form>
  );
}
