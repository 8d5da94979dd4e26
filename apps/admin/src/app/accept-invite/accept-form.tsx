'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { zAcceptInviteInput } from '@shop/validators';
import { TextField } from '~/components/form-fields';
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
      <TextField
        id="accept-name"
        label="Your name"
        autoComplete="name"
        error={errors.name?.message}
        {...form.register('name')}
      />
      <TextField
        id="accept-password"
        label="Password (at least 12 characters)"
        type="password"
        autoComplete="new-password"
        error={errors.password?.message}
        {...form.register('password')}
      />
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
