import type { Metadata } from 'next';
import { can } from '@shop/core';
import type { ApiTokenStatus } from '@shop/validators';
import { Badge, type BadgeStyle } from '~/components/badge';
import { CardSection, Notice, Section } from '~/components/section';
import { cell, Table, Th } from '~/components/table';
import { formatWhen as when } from '~/lib/format';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { SCOPE_LABELS } from './scopes';
import { CreateTokenForm, RevokeTokenButton } from './token-forms';

export const metadata: Metadata = { title: 'API tokens' };

const statusBadge: Record<ApiTokenStatus, BadgeStyle> = {
  active: { label: 'Active', className: 'bg-success-soft text-success' },
  revoked: { label: 'Revoked', className: 'bg-neutral-100 text-neutral-600' },
  expired: { label: 'Expired', className: 'border border-neutral-300 bg-white text-neutral-700' },
};

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
        <Notice>
          Only the shop&apos;s owner manages API tokens; your role ({staff.role}) cannot see them.
        </Notice>
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

      <CardSection headingId="new-token" title="New token">
        <CreateTokenForm />
      </CardSection>

      <Section headingId="token-list" title={`Tokens (${tokens.length})`}>
        <Table
          columns={7}
          head={
            <>
              <Th>Name</Th>
              <Th>Token</Th>
              <Th>Scopes</Th>
              <Th>Created</Th>
              <Th>Last used</Th>
              <Th>Status</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </>
          }
          rows={tokens}
          empty="No API tokens yet."
        >
          {(t) => (
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
                <Badge {...statusBadge[t.status]} />
                {t.expiresAt && t.status === 'active' ? (
                  <div className="text-xs text-neutral-500">until {when(t.expiresAt)}</div>
                ) : null}
              </td>
              <td className={cell}>
                {t.status === 'active' ? <RevokeTokenButton token={t} /> : null}
              </td>
            </tr>
          )}
        </Table>
      </Section>
    </div>
  );
}
