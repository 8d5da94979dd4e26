import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache, type ReactNode } from 'react';
import { TRPCError } from '@trpc/server';
import { can, type StaffRole } from '@shop/core';
import { formatMoney } from '@shop/money';
import type { AdminOrderDetail, AdminOrderPayment } from '@shop/validators';
import { dateTimeFormat } from '~/lib/format';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { CanceledBadge, FulfillmentBadge, PaymentBadge, RiskBadge } from '../badges';
import { parseOrderNumber } from '../format';
import { describeOrderEvent } from '../timeline';
import { HoldButton } from './hold-button';
import { LinesTable } from './lines-table';
import { OrderActions, type OrderActionsProps } from './order-actions';

type Params = Promise<{ number: string }>;

/** One query per request, shared by the metadata and the page. */
const loadOrder = cache(async (text: string) => {
  const number = parseOrderNumber(decodeURIComponent(text));
  if (number === null) notFound();
  const api = await getAdminApi();
  try {
    return await api.admin.orders.get({ number });
  } catch (err) {
    if (err instanceof TRPCError && err.code === 'NOT_FOUND') notFound();
    throw err;
  }
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const order = await loadOrder((await params).number);
  return { title: `Order #${order.number}` };
}

export default async function OrderPage({ params }: { params: Params }) {
  const order = await loadOrder((await params).number);
  const staff = await requireStaff();

  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-neutral-600">
        <Link href="/orders" className="hover:text-neutral-900 hover:underline">
          Orders
        </Link>
        <span aria-hidden="true"> / </span>
        <span className="text-neutral-900">#{order.number}</span>
      </nav>

      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h1 className="text-lg font-semibold tabular-nums">Order #{order.number}</h1>
        <PaymentBadge status={order.paymentStatus} />
        <FulfillmentBadge status={order.fulfillmentStatus} />
        <CanceledBadge status={order.status} />
        <RiskBadge isFlagged={order.isFlagged} isHeld={order.isHeld} />
        <p className="w-full text-neutral-600 sm:ml-auto sm:w-auto">
          <time dateTime={order.createdAt.toISOString()}>
            {dateTimeFormat.format(order.createdAt)} UTC
          </time>
        </p>
      </div>

      <div className="grid gap-4 lg:grid-cols-3">
        <div className="min-w-0 space-y-4 lg:col-span-2">
          <Section title={`Items (${order.itemCount})`}>
            <LinesTable
              rows={order.lines.map((l) => ({ ...l, currencyCode: order.currencyCode }))}
            />
            <Totals order={order} />
          </Section>

          {order.fulfillments.length > 0 ? (
            <Section title="Shipments">
              <FulfillmentList order={order} />
            </Section>
          ) : null}

          <Section title="Payments and refunds">
            {order.payments.length === 0 ? (
              <p className="px-4 py-3 text-neutral-600">No payment is recorded for this order.</p>
            ) : (
              <ul className="divide-y divide-neutral-100">
                {order.payments.map((p) => (
                  <PaymentItem key={p.id} payment={p} />
                ))}
              </ul>
            )}
          </Section>

          <Section title="Timeline">
            <ol className="divide-y divide-neutral-100">
              {[...order.events].reverse().map((e) => (
                <li key={e.id} className="flex flex-col gap-x-4 gap-y-0.5 px-4 py-2 sm:flex-row">
                  <time
                    dateTime={e.createdAt.toISOString()}
                    className="shrink-0 text-neutral-600 tabular-nums sm:w-40"
                  >
                    {dateTimeFormat.format(e.createdAt)}
                  </time>
                  <span className="min-w-0 flex-1 break-words">{describeOrderEvent(e)}</span>
                </li>
              ))}
            </ol>
          </Section>
        </div>

        <div className="min-w-0 space-y-4">
          <Section title="Actions">
            <OrderActions {...actionsFor(order, staff.role)} />
            {refundInProgress(order) ? (
              <p className="px-4 pb-3 text-neutral-600">{refundInProgress(order)}</p>
            ) : null}
          </Section>

          <Section title="Risk">
            <RiskPanel order={order} mayChange={can(staff.role, 'orders:write')} />
          </Section>

          <Section title="Customer">
            <div className="space-y-1 px-4 py-3">
              <p className="break-all">
                <a href={`mailto:${order.email}`} className="text-accent hover:underline">
                  {order.email}
                </a>
              </p>
              <p className="text-neutral-600">
                {order.customerId ? 'Customer account' : 'Guest checkout'}
              </p>
            </div>
          </Section>

          <Section title="Shipping">
            <address className="px-4 py-3 not-italic">
              <AddressLines address={order.shippingAddress} />
              <p className="mt-2 text-neutral-600">{order.shippingOptionName}</p>
            </address>
          </Section>
        </div>
      </div>
    </div>
  );
}

/** What the action dialogs may offer this staff member on this order. */
function actionsFor(order: AdminOrderDetail, role: StaffRole): OrderActionsProps {
  const isCanceled = order.status === 'canceled';
  const lines = order.lines.map((l) => ({
    id: l.id,
    label: `${l.productTitle}${l.variantTitle ? ` — ${l.variantTitle}` : ''}`,
    sku: l.sku,
    unshipped: Math.max(0, l.quantity - l.fulfilledQuantity - l.refundedQuantity),
    refundable: Math.max(0, l.quantity - l.refundedQuantity),
  }));
  const unshipped = lines.reduce((n, l) => n + l.unshipped, 0);
  return {
    number: order.number,
    currencyCode: order.currencyCode,
    lines,
    canFulfil: can(role, 'orders:write'),
    canCancel: can(role, 'orders:write') && !isCanceled && order.fulfillmentStatus !== 'fulfilled',
    canRefund: can(role, 'orders:refund'),
    canNote: can(role, 'orders:write'),
    refundableText:
      order.refundableAmount > 0 ? formatMoney(order.refundableAmount, order.currencyCode) : null,
    fulfilBlocked: isCanceled
      ? 'This order is cancelled; nothing more ships.'
      : order.isHeld
        ? 'This order is held for review; release it before fulfilling.'
        : unshipped === 0
          ? 'Everything on this order has shipped or been refunded.'
          : null,
  };
}

/** The refund job's state while one is queued or retrying, or null. */
function refundInProgress(order: AdminOrderDetail): string | null {
  const job = order.payments.find((p) => p.refundJob !== null)?.refundJob;
  if (!job) return null;
  return job.attempts === 0
    ? 'Refund requested; waiting for the worker.'
    : `Refund in progress (attempt ${job.attempts}${job.lastError ? `; last error: ${job.lastError}` : ''}).`;
}

/** Each shipment: when, carrier, tracking (linked when staff gave a link) and its units. */
function FulfillmentList({ order }: { order: AdminOrderDetail }) {
  const lineById = new Map(order.lines.map((l) => [l.id, l]));
  return (
    <ul className="divide-y divide-neutral-100" data-testid="shipments">
      {order.fulfillments.map((f) => (
        <li key={f.id} className="space-y-1 px-4 py-3">
          <p>
            <span className="font-medium">{f.carrier}</span>{' '}
            {f.trackingUrl ? (
              <a
                href={f.trackingUrl}
                className="font-mono text-accent hover:underline"
                rel="noreferrer"
                target="_blank"
              >
                {f.trackingNumber}
              </a>
            ) : (
              <span className="font-mono">{f.trackingNumber}</span>
            )}{' '}
            <span className="text-neutral-600">
              on{' '}
              <time dateTime={f.createdAt.toISOString()}>
                {dateTimeFormat.format(f.createdAt)} UTC
              </time>
            </span>
          </p>
          <ul className="text-neutral-700">
            {f.lines.map((l) => {
              const line = lineById.get(l.orderLineId);
              return (
                <li key={l.orderLineId}>
                  {l.quantity} × {line?.productTitle ?? 'Removed line'}{' '}
                  <span className="font-mono text-xs text-neutral-600">{line?.sku}</span>
                </li>
              );
            })}
          </ul>
        </li>
      ))}
    </ul>
  );
}

/**
 * Why the order was flagged (each plugin's reason, for staff) and its hold: "Held for review"
 * with Release while held, who released it once released, and "Hold for review" otherwise.
 */
function RiskPanel({ order, mayChange }: { order: AdminOrderDetail; mayChange: boolean }) {
  const { flags, hold } = order.risk;
  const at = (d: Date) => <time dateTime={d.toISOString()}>{dateTimeFormat.format(d)} UTC</time>;
  return (
    <div className="space-y-3 px-4 py-3" data-testid="risk-panel">
      {flags.length === 0 ? (
        <p className="text-neutral-600">No risk flags.</p>
      ) : (
        <ul className="space-y-2">
          {flags.map((f) => (
            <li key={`${f.source}:${f.code}`}>
              <p>{f.reason}</p>
              <p className="text-xs text-neutral-600">
                {f.source} · <span className="font-mono">{f.code}</span> · {at(f.createdAt)}
              </p>
            </li>
          ))}
        </ul>
      )}
      {hold && hold.releasedAt === null ? (
        <div className="space-y-1 rounded-sm border border-danger bg-danger-soft px-3 py-2">
          <p className="font-semibold text-danger">Held for review</p>
          <p className="text-neutral-900">
            Since {at(hold.heldAt)}: {hold.reason}
          </p>
        </div>
      ) : hold?.releasedAt ? (
        <p className="text-neutral-600">
          Released{hold.releasedBy ? ` by ${hold.releasedBy}` : ''} on {at(hold.releasedAt)}.
        </p>
      ) : null}
      {mayChange ? (
        <HoldButton number={order.number} change={order.isHeld ? 'release' : 'hold'} />
      ) : (
        <p className="text-xs text-neutral-600">Your role cannot hold or release orders.</p>
      )}
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="overflow-hidden rounded-lg border border-neutral-200 bg-white">
      <h2 className="border-b border-neutral-200 px-4 py-2 font-semibold">{title}</h2>
      {children}
    </section>
  );
}

function Totals({ order }: { order: AdminOrderDetail }) {
  const money = (amount: number) => formatMoney(amount, order.currencyCode);
  const rows: Array<[string, string]> = [['Subtotal', money(order.subtotal)]];
  if (order.discountTotal > 0) {
    rows.push([
      order.discountCode ? `Discount (${order.discountCode})` : 'Discount',
      `−${money(order.discountTotal)}`,
    ]);
  }
  rows.push(['Shipping', money(order.shippingTotal)]);
  rows.push([order.taxInclusive ? 'Tax (included)' : 'Tax', money(order.taxTotal)]);
  return (
    <dl className="ml-auto max-w-sm space-y-1 px-4 py-3 tabular-nums">
      {rows.map(([label, value]) => (
        <div key={label} className="flex justify-between gap-4">
          <dt className="text-neutral-600">{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
      <div className="flex justify-between gap-4 border-t border-neutral-200 pt-1 font-semibold">
        <dt>Total</dt>
        <dd>{money(order.total)}</dd>
      </div>
    </dl>
  );
}

const paymentStatusLabel: Record<AdminOrderPayment['status'], string> = {
  succeeded: 'Captured',
  partially_refunded: 'Partially refunded',
  refunded: 'Refunded',
};

function PaymentItem({ payment }: { payment: AdminOrderPayment }) {
  const money = (amount: number) => formatMoney(amount, payment.currencyCode);
  return (
    <li className="space-y-1 px-4 py-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p>
          <span className="font-medium tabular-nums">{money(payment.amount)}</span>{' '}
          <span className="text-neutral-600">
            {paymentStatusLabel[payment.status]} via {payment.provider}
          </span>
        </p>
        <p className="text-neutral-600 tabular-nums">
          {payment.refundedAmount === 0
            ? 'Nothing refunded'
            : `Refunded ${money(payment.refundedAmount)} of ${money(payment.amount)}`}
        </p>
      </div>
      <p className="font-mono text-xs break-all text-neutral-500">{payment.providerRef}</p>
      {payment.refunds.length > 0 ? (
        <ul className="space-y-0.5 border-l-2 border-neutral-200 pl-3">
          {payment.refunds.map((r) => (
            <li key={r.id}>
              <span className="tabular-nums">−{money(r.amount)}</span>{' '}
              <span className="text-neutral-600">
                on{' '}
                <time dateTime={r.createdAt.toISOString()}>
                  {dateTimeFormat.format(r.createdAt)} UTC
                </time>
                : {r.reason}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function AddressLines({ address }: { address: AdminOrderDetail['shippingAddress'] }) {
  const cityLine = [address.postalCode, address.city].filter(Boolean).join(' ');
  return (
    <>
      <p className="font-medium">
        {address.firstName} {address.lastName}
      </p>
      <p>{address.line1}</p>
      {address.line2 ? <p>{address.line2}</p> : null}
      <p>
        {cityLine}
        {address.province ? `, ${address.province}` : ''}
      </p>
      <p>{address.countryCode}</p>
      {address.phone ? <p className="text-neutral-600">{address.phone}</p> : null}
    </>
  );
}
