import type { Metadata } from 'next';
import Link from 'next/link';
import { textLink } from '~/components/account-field';
import { AccountForgotPasswordForm } from '~/components/account-forgot-password-form';
import { AuthCard } from '../auth-card';

export const metadata: Metadata = { title: 'Forgot your password?' };

export default function ForgotPasswordPage() {
  return (
    <AuthCard
      title="Forgot your password?"
      intro="Enter the email of your account and we'll send you a link to choose a new password."
      footer={
        <Link href="/account/sign-in" className={textLink}>
          Back to sign in
        </Link>
      }
    >
      <AccountForgotPasswordForm />
    </AuthCard>
  );
}
