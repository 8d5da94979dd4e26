import type { Metadata } from 'next';
import { describeStaffInvite } from '@shop/core';
import { getShop } from '~/server/shop';
import { AcceptInviteForm } from './accept-form';

export const metadata: Metadata = { title: 'Accept invitation' };

/**
 * Where a staff invitation's link leads (no session needed; the proxy lets it through): the
 * invitation's email and role and a form for a name and password, or the sentence why the link
 * no longer works (used, revoked, expired, unknown).
 */
export default async function AcceptInvitePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = (await searchParams).token;
  const token = (Array.isArray(raw) ? raw[0] : raw) ?? '';
  const found = token
    ? await describeStaffInvite(getShop().db, token, { clock: getShop().clock })
    : ({ ok: false, reason: 'This link has no invitation in it.' } as const);
  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <p className="text-center text-xs font-semibold tracking-wider text-neutral-500 uppercase">
          Shop admin
        </p>
        <h1 className="mt-1 text-center text-xl font-semibold">Accept your invitation</h1>
        <div className="mt-6 rounded-lg border border-neutral-200 bg-white p-6 shadow-sm">
          {found.ok ? (
            <div className="space-y-4">
              <p className="text-sm text-neutral-700">
                You are joining as <strong>{found.invite.role}</strong> with the email{' '}
                <strong>{found.invite.email}</strong>.
              </p>
              <AcceptInviteForm token={token} name={found.invite.name} />
            </div>
          ) : (
            <p role="alert" className="text-sm text-neutral-700">
              {found.reason}
            </p>
          )}
        </div>
      </div>
    </main>
  );
}
