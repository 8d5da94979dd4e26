'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { zAcceptInviteInput } from '@shop/validators';
import { authClient } from '~/lib/auth-client';
import { acceptInviteAction } from './actions';

type Values = z.input<typeof zAcceptInviteInput>;

/**
 * The invitee's name and password, checked in the browser with the server's schema. On success
 * it signs in with them (better-auth sets the session cookie) and opens the admin.
 */
export function AcceptInviteForm({ token, name }: { token: string; name: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<Values, unknown, z.output<typeof zAcceptInviteInput>>({
    resolver: zodResolver(zAcceptInviteInput),
    defaultValues: { token, name, password: '' },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    setError(null);
    const answer = await acceptInviteAction(values);
    if (!answer.ok) return setError(answer.message);
    const { error: failure } = await authClient.signIn.email({
      email: answer.email,
      password: values.password,
    });
    if (failure) return router.replace('/sign-in');
    router.replace('/');
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Accept the invitation">
      <input type="hidden" {...form.register('token')} />
      <div className="space-y-1">
        <label htmlFor="accept-name" className="block text-sm font-medium">
          Your name
        </label>
        <input
          id="accept-name"
          autoComplete="name"
          className="input w-full"
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? 'accept-name-error' : undefined}
          {...form.register('name')}
        />
        {errors.name ? (
          <p id="accept-name-error" className="field-error">
            {errors.name.message}
          </p>
        ) : null}
      </div>
      <div className="space-y-1">
        <label htmlFor="accept-password" className="block text-sm font-medium">
          Password (at least 12 characters)
        </label>
        <input
          id="accept-password"
          type="password"
          autoComplete="new-password"
          className="input w-full"
          aria-invalid={errors.password ? true : undefined}
          aria-describedby={errors.password ? 'accept-password-error' : undefined}
          {...form.register('password')}
        />
        {errors.password ? (
          <p id="accept-password-error" className="field-error">
            {errors.password.message}
          </p>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button-primary w-full" disabled={isSubmitting}>
        {isSubmitting ? 'Setting up…' : 'Set password and sign in'}
      </button>
    </form>
  );
}
