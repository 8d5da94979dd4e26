import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { safeNextPath } from '~/lib/safe-next';
import { getStaff } from '~/server/auth';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const next = safeNextPath((await searchParams).next);
  if (await getStaff()) redirect(next);
  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <p className="text-center text-xs font-semibold tracking-wider text-neutral-500 uppercase">
          Shop admin
        </p>
        <h1 className="mt-1 text-center text-xl font-semibold">Sign in</h1>
        <div className="mt-6 rounded-lg border border-neutral-200 bg-white p-6 shadow-sm">
          <SignInForm next={next} />
        </div>
        <p className="mt-4 text-center text-xs text-neutral-500">
          Staff accounts are created by the shop owner. Forgot your password? Ask them to reset it.
        </p>
      </div>
    </main>
  );
}
