import type { Metadata } from 'next';
import Link from 'next/link';
import { MIN_CUSTOMER_PASSWORD_LENGTH } from '@shop/auth';
import { primaryButton } from '~/components/account-field';
import { AccountResetPasswordForm } from '~/components/account-reset-password-form';
import { AuthCard } from '../auth-card';

export const metadata: Metadata = { title: 'Choose a new password' };

/**
 * Where the mailed link lands: better-auth's `/api/auth/reset-password/<token>` checks the token
 * and redirects here with `?token=` (or `?error=INVALID_TOKEN` when it is unknown or expired).
 */
export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const token = typeof params.token === 'string' ? params.token : '';
  if (!token || params.error) {
    return (
      <AuthCard
        title="This link has expired"
        intro="Reset links work once, for one hour. Ask for a new one and use the newest mail."
      >
        <Link href="/account/forgot-password" className={primaryButton}>
          Send a new link
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Choose a new password" intro="You'll sign in with it from now on.">
      <AccountResetPasswordForm token={token} minPasswordLength={MIN_CUSTOMER_PASSWORD_LENGTH} />
    </AuthCard>
  );
}
