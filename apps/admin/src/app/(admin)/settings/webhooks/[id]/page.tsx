import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { TRPCError } from '@trpc/server';
import { can } from '@shop/core';
import { Section } from '~/components/section';
import { formatWhen as when } from '~/lib/format';
import { parseId } from '~/lib/ids';
import { keysetPager, parseCursor, parseTrail } from '~/lib/keyset';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { DeleteEndpointButton, EnableEndpointButton } from '../endpoint-forms';
import { EndpointStatus } from '../status';
import { AttemptTable, DeliveryTable } from '../webhook-tables';

export const metadata: Metadata = { title: 'Webhook endpoint' };

const PAGE = 50;
const idParam = (v: string | string[] | undefined) => parseId(v) ?? undefined;

/**
 * One endpoint: its settings, enable/disable and delete, and its delivery log, newest first
 * (event, resource, status, attempts, last answer, a Redeliver button). `?delivery=<id>` lists
 * that delivery's attempts; `?cursor=<id>` is a later page (the last delivery id of the page
 * before it; the pages before it in `back`).
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
  const cursor = parseCursor(query.cursor);
  const trail = parseTrail(query.back);
  const before = idParam(cursor ?? undefined);
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
  // A delivery's attempts open on the same page of the log (its cursor and trail kept).
  const attemptsHref = (deliveryId: number) => {
    const search = new URLSearchParams({ delivery: String(deliveryId) });
    if (before) search.set('cursor', String(before));
    if (before && trail.length > 0) search.set('back', trail.map((c) => c ?? '-').join(','));
    return `${base}?${search.toString()}#attempts`;
  };

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
        <DeliveryTable
          rows={deliveries.map((d) => ({
            ...d,
            attemptsHref: attemptsHref(d.id),
            canRedeliver: endpoint.enabled,
            isShown: d.id === shown,
          }))}
          empty="No deliveries yet."
          pager={keysetPager({
            path: base,
            params: {},
            cursor: before === undefined ? null : String(before),
            trail,
            nextCursor: last && deliveries.length === PAGE ? last.id : null,
          })}
        />
      </Section>

      {shown ? (
        <Section id="attempts" headingId="attempts-title" title={`Attempts of msg_${shown}`}>
          <AttemptTable rows={attempts} empty="No attempt yet." />
        </Section>
      ) : null}
    </div>
  );
}
