import type { Metadata } from 'next';
import Link from 'next/link';
import { can, domainEventTypes } from '@shop/core';
import { CardSection, Notice, Section } from '~/components/section';
import { cell, Table, Th } from '~/components/table';
import { formatWhen } from '~/lib/format';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { CreateEndpointForm } from './endpoint-forms';
import { EndpointStatus } from './status';

export const metadata: Metadata = { title: 'Webhooks' };

/**
 * Outgoing webhooks: the endpoints the shop sends its events to (an ERP, a CRM, a chat bot),
 * each signed with its own secret (Standard Webhooks), and the form that adds one. Owners and
 * managers (`settings:write`) only: an endpoint receives order and customer data.
 */
export default async function WebhooksPage() {
  const staff = await requireStaff();
  if (!can(staff.role, 'settings:write')) {
    return (
      <div className="max-w-3xl space-y-2">
        <h1 className="text-lg font-semibold">Webhooks</h1>
        <Notice>
          Only owners and managers manage webhooks; your role ({staff.role}) cannot see them.
        </Notice>
      </div>
    );
  }
  const api = await getAdminApi();
  const endpoints = await api.admin.webhooks.list();
  return (
    <div className="space-y-6">
      <div className="max-w-3xl">
        <h1 className="text-lg font-semibold">Webhooks</h1>
        <p className="text-neutral-600">
          Each event is sent as a signed POST to every enabled endpoint subscribed to it, in order
          per order or product, and retried for three days when the receiver fails. An endpoint
          failing for five days is disabled.
        </p>
      </div>

      <CardSection headingId="new-endpoint" title="New endpoint">
        <CreateEndpointForm eventTypes={domainEventTypes} />
      </CardSection>

      <Section headingId="endpoint-list" title={`Endpoints (${endpoints.length})`}>
        <Table
          columns={4}
          head={
            <>
              <Th>URL</Th>
              <Th>Events</Th>
              <Th>Status</Th>
              <Th>Created</Th>
            </>
          }
          rows={endpoints}
          empty="No webhook endpoints yet."
        >
          {(e) => (
            <tr key={e.id} data-testid="endpoint-row">
              <td className={`${cell} max-w-md`}>
                <Link
                  href={`/settings/webhooks/${e.id}`}
                  className="break-all text-accent underline-offset-2 hover:underline"
                >
                  {e.url}
                </Link>
                {e.description ? (
                  <div className="text-xs text-neutral-500">{e.description}</div>
                ) : null}
              </td>
              <td className={cell}>
                <ul>
                  {e.events.map((type) => (
                    <li key={type}>
                      <code className="text-xs">{type}</code>
                    </li>
                  ))}
                </ul>
              </td>
              <td className={cell}>
                <EndpointStatus status={e.status} />
              </td>
              <td className={`${cell} whitespace-nowrap`}>{formatWhen(e.createdAt)}</td>
            </tr>
          )}
        </Table>
      </Section>
    </div>
  );
}
