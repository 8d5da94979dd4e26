import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { TRPCError } from '@trpc/server';
import { can } from '@shop/core';
import { Section } from '~/components/section';
import { cell, Pager, Table, Th } from '~/components/table';
import { formatWhen as when } from '~/lib/format';
import { parseId } from '~/lib/ids';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { DeleteEndpointButton, EnableEndpointButton, RedeliverButton } from '../endpoint-forms';
import { DeliveryStatus, EndpointStatus } from '../status';

export const metadata: Metadata = { title: 'Webhook endpoint' };

const PAGE = 50;
const idParam = (v: string | string[] | undefined) => parseId(v) ?? undefined;

/**
 * One endpoint: its settings, enable/disable and delete, and its delivery log, newest first
 * (event, resource, status, attempts, last answer, a Redeliver button). `?delivery=<id>` lists
 * that delivery's attempts; `?before=<id>` pages back.
 */
export default async function WebhookEndpointPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const staff = await requireStaff();
  if (!can(staff.role, 'settings:write')) redirect('/settings/webhooks');
  const id = idParam((await params).id);
  if (id === undefined) notFound();
  const query = await searchParams;
  const before = idParam(query.before);
  const shown = idParam(query.delivery);
  const api = await getAdminApi();
  const endpoint = await api.admin.webhooks.get({ id }).catch((err: unknown) => {
    if (err instanceof TRPCError && err.code === 'NOT_FOUND') notFound();
    throw err;
  });
  const deliveries = await api.admin.webhooks.deliveries({ endpointId: id, before, limit: PAGE });
  const attempts = shown ? await api.admin.webhooks.attempts({ deliveryId: shown }) : [];
  const last = deliveries.at(-1);
  const base = `/settings/webhooks/${id}`;

  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <Link href="/settings/webhooks" className="text-accent underline-offset-2 hover:underline">
          ← Webhooks
        </Link>
        <h1 className="text-lg font-semibold break-all">{endpoint.url}</h1>
        {endpoint.description ? <p className="text-neutral-600">{endpoint.description}</p> : null}
      </div>

      <section className="flex flex-wrap items-start gap-6 rounded-lg border border-neutral-200 bg-white p-4">
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
          <dt className="text-neutral-600">Status</dt>
          <dd>
            <EndpointStatus status={endpoint.status} />
            {endpoint.disabledReason ? (
              <span className="ml-2 text-neutral-700">{endpoint.disabledReason}</span>
            ) : null}
            {endpoint.status === 'failing' ? (
              <span className="ml-2 text-neutral-700">
                every attempt failed since {when(endpoint.failingSince)}
              </span>
            ) : null}
          </dd>
          <dt className="text-neutral-600">Events</dt>
          <dd>
            {endpoint.events.map((type) => (
              <code key={type} className="mr-2 text-xs">
                {type}
              </code>
            ))}
          </dd>
          <dt className="text-neutral-600">Created</dt>
          <dd>{when(endpoint.createdAt)}</dd>
        </dl>
        <div className="ml-auto flex flex-wrap gap-2">
          <EnableEndpointButton id={endpoint.id} enabled={endpoint.enabled} />
          <DeleteEndpointButton id={endpoint.id} url={endpoint.url} />
        </div>
      </section>

      <Section headingId="deliveries" title="Deliveries">
        <Table
          columns={8}
          head={
            <>
              <Th>Event</Th>
              <Th>Resource</Th>
              <Th>Status</Th>
              <Th className="text-right">Attempts</Th>
              <Th className="text-right">Last code</Th>
              <Th className="text-right">Latency</Th>
              <Th>Time</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </>
          }
          rows={deliveries}
          empty="No deliveries yet."
        >
          {(d) => (
            <tr
              key={d.id}
              data-testid="delivery-row"
              className={d.id === shown ? 'bg-neutral-50' : undefined}
            >
              <td className={cell}>
                <code className="text-xs">{d.eventType}</code>
                <div className="text-xs text-neutral-500">msg_{d.id}</div>
              </td>
              <td className={`${cell} font-mono text-xs`}>{d.resourceKey}</td>
              <td className={cell}>
                <DeliveryStatus status={d.status} />
                {d.status === 'pending' && d.attempts > 0 ? (
                  <div className="text-xs text-neutral-500">next {when(d.nextAttemptAt)}</div>
                ) : null}
              </td>
              <td className={`${cell} text-right tabular-nums`}>
                <Link
                  href={`${base}?delivery=${d.id}${before ? `&before=${before}` : ''}#attempts`}
                  className="text-accent underline-offset-2 hover:underline"
                  aria-label={`${d.attempts} attempts of delivery ${d.id}`}
                >
                  {d.attempts}
                </Link>
              </td>
              <td className={`${cell} text-right tabular-nums`} title={d.lastError ?? undefined}>
                {d.lastStatusCode ?? (d.lastError ? 'none' : '—')}
              </td>
              <td className={`${cell} text-right tabular-nums`}>
                {d.lastLatencyMs === null ? '—' : `${d.lastLatencyMs} ms`}
              </td>
              <td className={`${cell} whitespace-nowrap`}>{when(d.deliveredAt ?? d.createdAt)}</td>
              <td className={cell}>
                {endpoint.enabled ? (
                  <RedeliverButton deliveryId={d.id} endpointId={endpoint.id} />
                ) : null}
              </td>
            </tr>
          )}
        </Table>
        <Pager
          first={before ? base : null}
          next={last && deliveries.length === PAGE ? `${base}?before=${last.id}` : null}
        />
      </Section>

      {shown ? (
        <Section id="attempts" headingId="attempts-title" title={`Attempts of msg_${shown}`}>
          <Table
            columns={6}
            head={
              <>
                <Th className="text-right">#</Th>
                <Th>Time</Th>
                <Th className="text-right">Code</Th>
                <Th className="text-right">Latency</Th>
                <Th>Outcome</Th>
                <Th>Answer</Th>
              </>
            }
            rows={attempts}
            empty="No attempt yet."
          >
            {(a) => (
              <tr key={a.id} data-testid="attempt-row">
                <td className={`${cell} text-right tabular-nums`}>
                  {a.attempt}
                  {a.manual ? <div className="text-xs text-neutral-500">manual</div> : null}
                </td>
                <td className={`${cell} whitespace-nowrap`}>{when(a.createdAt)}</td>
                <td className={`${cell} text-right tabular-nums`}>{a.statusCode ?? '—'}</td>
                <td className={`${cell} text-right tabular-nums`}>{a.latencyMs} ms</td>
                <td className={cell}>{a.error ?? 'Delivered'}</td>
                <td className={`${cell} max-w-xs`}>
                  <code className="line-clamp-3 text-xs break-all">{a.responseBody ?? ''}</code>
                </td>
              </tr>
            )}
          </Table>
        </Section>
      ) : null}
    </div>
  );
}
