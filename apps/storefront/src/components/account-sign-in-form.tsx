'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { signIn } from '~/app/account/actions';
import { idle } from '~/app/account/form-state';
import { AccountField, AccountFormMessage, primaryButton, textLink } from './account-field';

export function AccountSignInForm({ next }: { next: string }) {
  const [state, action, isPending] = useActionState(signIn, idle);
  const errors = state.status === 'error' ? (state.fieldErrors ?? {}) : {};
  const values = state.status === 'error' ? (state.values ?? {}) : {};
  return (
    <form action={action} noValidate className="flex flex-col gap-4">
      <input type="hidden" name="next" value={next} />
      <AccountField
        id="sign-in-email"
        name="email"
        label="Email"
        type="email"
        autoComplete="username"
        required
        autoFocus
        defaultValue={values.email}
        error={errors.email}
      />
      <AccountField
        id="sign-in-password"
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        error={errors.password}
        hint={
          <Link href="/account/forgot-password" className={textLink}>
            Forgot your password?
          </Link>
        }
      />
      <AccountFormMessage state={state} />
      <button type="submit" className={primaryButton} disabled={isPending}>
        {isPending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
