import type { Metadata } from 'next';
import { can } from '@shop/core';
import type { ApiTokenStatus } from '@shop/validators';
import { cell, EmptyRow, Th } from '~/components/table';
import { dateTimeFormat } from '~/lib/format';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { SCOPE_LABELS } from './scopes';
import { CreateTokenForm, RevokeTokenButton } from './token-forms';

export const metadata: Metadata = { title: 'API tokens' };

const badge = 'inline-block rounded-sm px-1.5 py-0.5 text-xs font-medium whitespace-nowrap';
const statusBadge: Record<ApiTokenStatus, { label: string; className: string }> = {
  active: { label: 'Active', className: 'bg-success-soft text-success' },
  revoked: { label: 'Revoked', className: 'bg-neutral-100 text-neutral-600' },
  expired: { label: 'Expired', className: 'border border-neutral-300 bg-white text-neutral-700' },
};

const when = (date: Date | null) => (date ? `${dateTimeFormat.format(date)} UTC` : '—');

/**
 * The owner's API tokens for integrations (an ERP syncing stock, a CRM reading orders): each
 * with the scopes it was given, created and last used, and a revoke button. A token's text is
 * shown once, by the form that creates it; this list has only its first characters.
 */
export default async function ApiTokensPage() {
  const staff = await requireStaff();
  if (!can(staff.role, 'tokens:manage')) {
    return (
      <div className="max-w-3xl space-y-2">
        <h1 className="text-lg font-semibold">API tokens</h1>
        <p className="rounded-sm border border-neutral-200 bg-white px-3 py-2 text-neutral-700">
          Only the shop&apos;s owner manages API tokens; your role ({staff.role}) cannot see them.
        </p>
      </div>
    );
  }
  const api = await getAdminApi();
  const tokens = await api.admin.tokens.list();
  return (
    <div className="space-y-6">
      <div className="max-w-3xl">
        <h1 className="text-lg font-semibold">API tokens</h1>
        <p className="text-neutral-600">
          Integrations call the admin API with a token in the <code>Authorization: Bearer</code>{' '}
          header. A token can do only what its scopes allow, never manage staff, settings or tokens;
          a revoked token is refused on its next call.
        </p>
      </div>

      <section
        aria-labelledby="new-token"
        className="max-w-3xl rounded-lg border border-neutral-200 bg-white p-4"
      >
        <h2 id="new-token" className="mb-3 font-semibold">
          New token
        </h2>
        <CreateTokenForm />
      </section>

      <section aria-labelledby="token-list" className="space-y-2">
        <h2 id="token-list" className="font-semibold">
          Tokens ({tokens.length})
        </h2>
        <div className="overflow-x-auto rounded-lg border border-neutral-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="sticky top-0 bg-neutral-50">
              <tr>
                <Th>Name</Th>
                <Th>Token</Th>
                <Th>Scopes</Th>
                <Th>Created</Th>
                <Th>Last used</Th>
                <Th>Status</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {tokens.length === 0 ? (
                <EmptyRow columns={7}>No API tokens yet.</EmptyRow>
              ) : (
                tokens.map((t) => (
                  <tr key={t.id} data-testid="token-row">
                    <td className={`${cell} font-medium`}>{t.name}</td>
                    <td className={`${cell} font-mono text-xs`}>{t.prefix}…</td>
                    <td className={cell}>
                      <ul>
                        {t.scopes.map((s) => (
                          <li key={s} title={SCOPE_LABELS[s]}>
                            <code className="text-xs">{s}</code>
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td className={`${cell} whitespace-nowrap`}>
                      {when(t.createdAt)}
                      {t.createdBy ? (
                        <div className="text-xs text-neutral-500">by {t.createdBy}</div>
                      ) : null}
                    </td>
                    <td className={`${cell} whitespace-nowrap`}>{when(t.lastUsedAt)}</td>
                    <td className={cell}>
                      <span className={`${badge} ${statusBadge[t.status].className}`}>
                        {statusBadge[t.status].label}
                      </span>
                      {t.expiresAt && t.status === 'active' ? (
                        <div className="text-xs text-neutral-500">until {when(t.expiresAt)}</div>
                      ) : null}
                    </td>
                    <td className={cell}>
                      {t.status === 'active' ? <RevokeTokenButton token={t} /> : null}
                    </td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
