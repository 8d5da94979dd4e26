'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { authClient } from '~/lib/auth-client';

/** Revokes the session row (better-auth's /sign-out) and clears the cookie. */
export function SignOutButton() {
  const router = useRouter();
  const [isPending, setIsPending] = useState(false);
  return (
    <button
      type="button"
      className="button-secondary"
      disabled={isPending}
      onClick={async () => {
        setIsPending(true);
        await authClient.signOut();
        router.replace('/sign-in');
        router.refresh();
      }}
    >
      {isPending ? 'Signing out…' : 'Sign out'}
    </button>
  );
}
