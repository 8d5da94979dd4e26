import type { Metadata } from 'next';
import { can } from '@shop/core';
import { CardSection, Notice, Section } from '~/components/section';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { CreateTokenForm } from './token-forms';
import { TokenTable } from './token-table';

export const metadata: Metadata = { title: 'API tokens' };

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
        <TokenTable rows={tokens} empty="No API tokens yet." />
      </Section>
    </div>
  );
}
