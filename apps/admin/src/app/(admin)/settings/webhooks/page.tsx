import type { Metadata } from 'next';
import { can, domainEventTypes } from '@shop/core';
import { CardSection, Notice, Section } from '~/components/section';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { CreateEndpointForm } from './endpoint-forms';
import { EndpointTable } from './webhook-tables';

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
        <EndpointTable rows={endpoints} empty="No webhook endpoints yet." />
      </Section>
    </div>
  );
}
