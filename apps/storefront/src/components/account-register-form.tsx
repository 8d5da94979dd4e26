'use client';

import { useActionState } from 'react';
import { register } from '~/app/account/actions';
import { idle } from '~/app/account/form-state';
import { AccountField, AccountFormMessage, primaryButton } from './account-field';

export function AccountRegisterForm({
  next,
  minPasswordLength,
}: {
  next: string;
  minPasswordLength: number;
}) {
  const [state, action, isPending] = useActionState(register, idle);
  const errors = state.status === 'error' ? (state.fieldErrors ?? {}) : {};
  const values = state.status === 'error' ? (state.values ?? {}) : {};
  return (
    <form action={action} noValidate className="flex flex-col gap-4">
      <input type="hidden" name="next" value={next} />
      <AccountField
        id="register-name"
        name="name"
        label="Name"
        autoComplete="name"
        required
        autoFocus
        maxLength={100}
        defaultValue={values.name}
        error={errors.name}
      />
      <AccountField
        id="register-email"
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        defaultValue={values.email}
        error={errors.email}
      />
      <AccountField
        id="register-password"
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        minLength={minPasswordLength}
        error={errors.password}
        hint={`At least ${minPasswordLength} characters.`}
      />
      <AccountFormMessage state={state} />
      <button type="submit" className={primaryButton} disabled={isPending}>
        {isPending ? 'Creating your account…' : 'Create account'}
      </button>
    </form>
  );
}
