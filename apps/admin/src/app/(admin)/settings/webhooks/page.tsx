import type { Metadata } from 'next';
import Link from 'next/link';
import { can, domainEventTypes } from '@shop/core';
import { cell, EmptyRow, Th } from '~/components/table';
import { dateTimeFormat } from '~/lib/format';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { CreateEndpointForm } from './endpoint-forms';
import { EndpointStatus } from './status';

export const metadata: Metadata = { title: 'Webhooks' };

/**
 * Outgoing webhooks: the endpoints the shop sends its events to (an ERP, a CRM, a chat bot),
 * each signed with its own secret (Standard Webhooks), and the form that adds one. Owners and
 * admins (`settings:write`) only: an endpoint receives order and customer data.
 */
export default async function WebhooksPage() {
  const staff = await requireStaff();
  if (!can(staff.role, 'settings:write')) {
    return (
      <div className="max-w-3xl space-y-2">
        <h1 className="text-lg font-semibold">Webhooks</h1>
        <p className="rounded-sm border border-neutral-200 bg-white px-3 py-2 text-neutral-700">
          Only owners and admins manage webhooks; your role ({staff.role}) cannot see them.
        </p>
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

      <section
        aria-labelledby="new-endpoint"
        className="max-w-3xl rounded-lg border border-neutral-200 bg-white p-4"
      >
        <h2 id="new-endpoint" className="mb-3 font-semibold">
          New endpoint
        </h2>
        <CreateEndpointForm eventTypes={domainEventTypes} />
      </section>

      <section aria-labelledby="endpoint-list" className="space-y-2">
        <h2 id="endpoint-list" className="font-semibold">
          Endpoints ({endpoints.length})
        </h2>
        <div className="overflow-x-auto rounded-lg border border-neutral-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="sticky top-0 bg-neutral-50">
              <tr>
                <Th>URL</Th>
                <Th>Events</Th>
                <Th>Status</Th>
                <Th>Created</Th>
              </tr>
            </thead>
            <tbody>
              {endpoints.length === 0 ? (
                <EmptyRow columns={4}>No webhook endpoints yet.</EmptyRow>
              ) : (
                endpoints.map((e) => (
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
                    <td className={`${cell} whitespace-nowrap`}>
                      {dateTimeFormat.format(e.createdAt)} UTC
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
