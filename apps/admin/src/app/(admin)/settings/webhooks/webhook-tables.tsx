'use client';

import Link from 'next/link';
import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from '@shop/validators';
import { actionsHeader, listTable } from '~/components/data-table';
import { formatWhen as when } from '~/lib/format';
import { RedeliverButton } from './endpoint-forms';
import { DeliveryStatus, EndpointStatus } from './status';

const quiet = 'text-xs text-neutral-500';
const link = 'text-accent underline-offset-2 hover:underline';

/** The endpoints: URL (linking to its log), the events it takes, its status and creation. */
export const EndpointTable = listTable<WebhookEndpoint>({
  label: 'Webhook endpoints, newest first',
  columns: [
    {
      id: 'url',
      header: 'URL',
      cell: (e) => (
        <>
          <Link href={`/settings/webhooks/${e.id}`} className={`break-all ${link}`}>
            {e.url}
          </Link>
          {e.description ? <div className={quiet}>{e.description}</div> : null}
        </>
      ),
      className: 'max-w-md',
    },
    {
      id: 'events',
      header: 'Events',
      cell: (e) => (
        <ul>
          {e.events.map((type) => (
            <li key={type}>
              <code className="text-xs">{type}</code>
            </li>
          ))}
        </ul>
      ),
    },
    { id: 'status', header: 'Status', cell: (e) => <EndpointStatus status={e.status} /> },
    {
      id: 'created',
      header: 'Created',
      cell: (e) => when(e.createdAt),
      className: 'whitespace-nowrap',
    },
  ],
  rowKey: (e) => String(e.id),
  rowTestId: 'endpoint-row',
});

/**
 * A delivery as its endpoint's log shows it; the page adds where its attempts are listed,
 * whether it may be sent again (the endpoint is enabled) and whether its attempts are open.
 */
export type DeliveryRow = WebhookDelivery & {
  attemptsHref: string;
  canRedeliver: boolean;
  isShown: boolean;
};

/** The endpoint's deliveries, newest first: what, its state, the last answer and Redeliver. */
export const DeliveryTable = listTable<DeliveryRow>({
  label: 'Deliveries, newest first',
  columns: [
    {
      id: 'event',
      header: 'Event',
      cell: (d) => (
        <>
          <code className="text-xs">{d.eventType}</code>
          <div className={quiet}>msg_{d.id}</div>
        </>
      ),
    },
    {
      id: 'resource',
      header: 'Resource',
      cell: (d) => d.resourceKey,
      className: 'font-mono text-xs',
    },
    {
      id: 'status',
      header: 'Status',
      cell: (d) => (
        <>
          <DeliveryStatus status={d.status} />
          {d.status === 'pending' && d.attempts > 0 ? (
            <div className={quiet}>next {when(d.nextAttemptAt)}</div>
          ) : null}
        </>
      ),
    },
    {
      id: 'attempts',
      header: 'Attempts',
      align: 'right',
      cell: (d) => (
        <Link
          href={d.attemptsHref}
          className={link}
          aria-label={`${d.attempts} attempts of delivery ${d.id}`}
        >
          {d.attempts}
        </Link>
      ),
      className: 'tabular-nums',
    },
    {
      id: 'code',
      header: 'Last code',
      align: 'right',
      cell: (d) => (
        <span title={d.lastError ?? undefined}>
          {d.lastStatusCode ?? (d.lastError ? 'none' : '—')}
        </span>
      ),
      className: 'tabular-nums',
    },
    {
      id: 'latency',
      header: 'Latency',
      align: 'right',
      cell: (d) => (d.lastLatencyMs === null ? '—' : `${d.lastLatencyMs} ms`),
      className: 'tabular-nums',
    },
    {
      id: 'time',
      header: 'Time',
      cell: (d) => when(d.deliveredAt ?? d.createdAt),
      className: 'whitespace-nowrap',
    },
    {
      id: 'actions',
      header: actionsHeader,
      cell: (d) =>
        d.canRedeliver ? <RedeliverButton deliveryId={d.id} endpointId={d.endpointId} /> : null,
    },
  ],
  rowKey: (d) => String(d.id),
  rowClassName: (d) => (d.isShown ? 'bg-neutral-50' : undefined),
  rowTestId: 'delivery-row',
});

/** One delivery's attempts, first to last: the answer's code, latency, outcome and body. */
export const AttemptTable = listTable<WebhookAttempt>({
  label: 'Attempts, first to last',
  columns: [
    {
      id: 'attempt',
      header: '#',
      align: 'right',
      cell: (a) => (
        <>
          {a.attempt}
          {a.manual ? <div className={quiet}>manual</div> : null}
        </>
      ),
      className: 'tabular-nums',
    },
    { id: 'time', header: 'Time', cell: (a) => when(a.createdAt), className: 'whitespace-nowrap' },
    {
      id: 'code',
      header: 'Code',
      align: 'right',
      cell: (a) => a.statusCode ?? '—',
      className: 'tabular-nums',
    },
    {
      id: 'latency',
      header: 'Latency',
      align: 'right',
      cell: (a) => `${a.latencyMs} ms`,
      className: 'tabular-nums',
    },
    { id: 'outcome', header: 'Outcome', cell: (a) => a.error ?? 'Delivered' },
    {
      id: 'answer',
      header: 'Answer',
      cell: (a) => <code className="line-clamp-3 text-xs break-all">{a.responseBody ?? ''}</code>,
      className: 'max-w-xs',
    },
  ],
  rowKey: (a) => String(a.id),
  rowTestId: 'attempt-row',
});
