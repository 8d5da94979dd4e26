import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AccountSignInForm } from '~/components/account-sign-in-form';
import { textLink } from '~/components/account-field';
import { getCustomer } from '~/server/customer-auth';
import { AuthCard } from '../auth-card';
import { safeNextPath } from '../safe-next';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const next = safeNextPath(params.next);
  if (await getCustomer()) redirect(next);
  const registerHref =
    next === '/account'
      ? '/account/register'
      : `/account/register?next=${encodeURIComponent(next)}`;
  return (
    <AuthCard
      title="Sign in"
      intro="See your orders and check out faster with your saved addresses."
      footer={
        <>
          New here?{' '}
          <Link href={registerHref} className={textLink}>
            Create an account
          </Link>
        </>
      }
    >
      {params.reset === '1' ? (
        <p
          role="status"
          className="mb-4 rounded-sm border border-success bg-success-soft px-3 py-2 text-sm text-success"
        >
          Your password was changed. Sign in with the new one.
        </p>
      ) : null}
      <AccountSignInForm next={next} />
    </AuthCard>
  );
}
