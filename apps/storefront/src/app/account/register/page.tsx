import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { MIN_CUSTOMER_PASSWORD_LENGTH } from '@shop/auth';
import { textLink } from '~/components/account-field';
import { AccountRegisterForm } from '~/components/account-register-form';
import { getCustomer } from '~/server/customer-auth';
import { AuthCard } from '../auth-card';
import { safeNextPath } from '../safe-next';

export const metadata: Metadata = { title: 'Create an account' };

export default async function RegisterPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const next = safeNextPath((await searchParams).next);
  if (await getCustomer()) redirect(next);
  const signInHref =
    next === '/account' ? '/account/sign-in' : `/account/sign-in?next=${encodeURIComponent(next)}`;
  return (
    <AuthCard
      title="Create an account"
      intro="Keep track of your orders and save your addresses. The items in your cart stay in it."
      footer={
        <>
          Already have an account?{' '}
          <Link href={signInHref} className={textLink}>
            Sign in
          </Link>
        </>
      }
    >
      <AccountRegisterForm next={next} minPasswordLength={MIN_CUSTOMER_PASSWORD_LENGTH} />
    </AuthCard>
  );
}
