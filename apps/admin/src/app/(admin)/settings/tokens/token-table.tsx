'use client';

import type { ApiTokenStatus, ApiTokenView } from '@shop/validators';
import { Badge, type BadgeStyle } from '~/components/badge';
import { actionsHeader, listTable } from '~/components/data-table';
import { formatWhen as when } from '~/lib/format';
import { SCOPE_LABELS } from './scopes';
import { RevokeTokenButton } from './token-forms';

const statusBadge: Record<ApiTokenStatus, BadgeStyle> = {
  active: { label: 'Active', className: 'bg-success-soft text-success' },
  revoked: { label: 'Revoked', className: 'bg-neutral-100 text-neutral-600' },
  expired: { label: 'Expired', className: 'border border-neutral-300 bg-white text-neutral-700' },
};

const quiet = 'text-xs text-neutral-500';

/** The API tokens: name, first characters, scopes, created and last used, status and Revoke. */
export const TokenTable = listTable<ApiTokenView>({
  label: 'API tokens',
  columns: [
    { id: 'name', header: 'Name', cell: (t) => t.name, className: 'font-medium' },
    { id: 'token', header: 'Token', cell: (t) => `${t.prefix}…`, className: 'font-mono text-xs' },
    {
      id: 'scopes',
      header: 'Scopes',
      cell: (t) => (
        <ul>
          {t.scopes.map((s) => (
            <li key={s} title={SCOPE_LABELS[s]}>
              <code className="text-xs">{s}</code>
            </li>
          ))}
        </ul>
      ),
    },
    {
      id: 'created',
      header: 'Created',
      cell: (t) => (
        <>
          {when(t.createdAt)}
          {t.createdBy ? <div className={quiet}>by {t.createdBy}</div> : null}
        </>
      ),
      className: 'whitespace-nowrap',
    },
    {
      id: 'used',
      header: 'Last used',
      cell: (t) => when(t.lastUsedAt),
      className: 'whitespace-nowrap',
    },
    {
      id: 'status',
      header: 'Status',
      cell: (t) => (
        <>
          <Badge {...statusBadge[t.status]} />
          {t.expiresAt && t.status === 'active' ? (
            <div className={quiet}>until {when(t.expiresAt)}</div>
          ) : null}
        </>
      ),
    },
    {
      id: 'actions',
      header: actionsHeader,
      cell: (t) => (t.status === 'active' ? <RevokeTokenButton token={t} /> : null),
    },
  ],
  rowKey: (t) => String(t.id),
  rowTestId: 'token-row',
});
