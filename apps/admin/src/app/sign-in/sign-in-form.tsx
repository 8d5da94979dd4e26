'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { authClient } from '~/lib/auth-client';

/** Posts to better-auth's /api/auth/sign-in/email, which sets the session cookie. */
export function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setIsPending(true);
    setError(null);
    try {
      const { error: failure } = await authClient.signIn.email({
        email: String(form.get('email') ?? ''),
        password: String(form.get('password') ?? ''),
      });
      if (failure) {
        setError(messageFor(failure.status, failure.message));
        setIsPending(false);
        return;
      }
      router.replace(next);
      router.refresh();
    } catch {
      setError('Could not reach the server. Check your connection and try again.');
      setIsPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <div>
        <label htmlFor="email" className="block text-sm font-medium">
          Email
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          className="input mt-1"
        />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="input mt-1"
        />
      </div>
      <div role="alert" aria-live="assertive" className="min-h-5 text-sm text-danger">
        {error}
      </div>
      <button type="submit" className="button-primary w-full" disabled={isPending}>
        {isPending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}

function messageFor(status: number, serverMessage?: string): string {
  // 401 for an unknown email and a wrong password alike: the message must not tell them apart.
  if (status === 401 || status === 400) return 'Wrong email or password';
  // The throttle's own sentence says how long to wait (up to 15 minutes after failed attempts).
  if (status === 429)
    return serverMessage?.trim() || 'Too many attempts from your connection. Try again later.';
  if (status === 403)
    return 'This sign-in was refused. Open the admin at its own address and try again.';
  return 'Signing in failed on the server. Try again in a moment.';
}
