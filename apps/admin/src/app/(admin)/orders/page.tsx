import type { Metadata } from 'next';
import Link from 'next/link';
import { formatMoney } from '@shop/money';
import {
  zOrderFulfillmentStatus,
  zOrderPaymentStatus,
  type AdminOrderRow,
  type OrderFulfillmentStatus,
  type OrderPaymentStatus,
} from '@shop/validators';
import { FilterSelect, SearchForm } from '~/components/search-form';
import { cell, EmptyRow, Pager, Th } from '~/components/table';
import { dateTimeFormat } from '~/lib/format';
import { getAdminApi } from '~/server/api';
import { CanceledBadge, FulfillmentBadge, PaymentBadge, RiskBadge } from './badges';

export const metadata: Metadata = { title: 'Orders' };

const PAGE_SIZE = 50;
type SearchParams = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

const paymentFilters: Array<{ value: OrderPaymentStatus; label: string }> = [
  { value: 'paid', label: 'Paid' },
  { value: 'partially_refunded', label: 'Partially refunded' },
  { value: 'refunded', label: 'Refunded' },
];

const fulfillmentFilters: Array<{ value: OrderFulfillmentStatus; label: string }> = [
  { value: 'unfulfilled', label: 'Unfulfilled' },
  { value: 'partially_fulfilled', label: 'Partially fulfilled' },
  { value: 'fulfilled', label: 'Fulfilled' },
];

const riskFilters = [
  { value: 'held', label: 'Held for review' },
  { value: 'flagged', label: 'Flagged' },
] as const;
type RiskFilter = (typeof riskFilters)[number]['value'];

/** `YYYY-MM-DD` from the date inputs, as the start of that day in UTC (the admin shows UTC). */
function dayStart(text: string | undefined): Date | undefined {
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const date = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export default async function OrdersPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const params = await searchParams;
  const query = first(params.q)?.trim().slice(0, 200) ?? '';
  const parsedPayment = zOrderPaymentStatus.safeParse(first(params.payment));
  const paymentStatus = parsedPayment.success ? parsedPayment.data : undefined;
  const parsedFulfillment = zOrderFulfillmentStatus.safeParse(first(params.fulfillment));
  const fulfillmentStatus = parsedFulfillment.success ? parsedFulfillment.data : undefined;
  const riskText = first(params.risk);
  const risk = riskFilters.find((r) => r.value === riskText)?.value as RiskFilter | undefined;
  const fromText = first(params.from);
  const toText = first(params.to);
  const createdFrom = dayStart(fromText);
  const toDay = dayStart(toText);
  // "To" is inclusive: orders placed before the end of that day.
  const createdTo = toDay ? new Date(toDay.getTime() + 86_400_000) : undefined;
  const cursorText = first(params.cursor);
  const cursor = cursorText && /^[1-9]\d{0,14}$/.test(cursorText) ? Number(cursorText) : undefined;

  const api = await getAdminApi();
  const page = await api.admin.orders.list({
    cursor,
    limit: PAGE_SIZE,
    query: query || undefined,
    paymentStatus,
    fulfillmentStatus,
    risk,
    createdFrom,
    createdTo,
  });

  const hrefWith = (next: { cursor?: number }) => {
    const search = new URLSearchParams();
    if (query) search.set('q', query);
    if (paymentStatus) search.set('payment', paymentStatus);
    if (fulfillmentStatus) search.set('fulfillment', fulfillmentStatus);
    if (risk) search.set('risk', risk);
    if (createdFrom && fromText) search.set('from', fromText);
    if (createdTo && toText) search.set('to', toText);
    if (next.cursor) search.set('cursor', String(next.cursor));
    const text = search.toString();
    return text ? `/orders?${text}` : '/orders';
  };
  const isFiltered =
    query !== '' ||
    paymentStatus !== undefined ||
    fulfillmentStatus !== undefined ||
    risk !== undefined ||
    createdFrom !== undefined ||
    createdTo !== undefined;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-lg font-semibold">Orders</h1>
        <SearchForm
          action="/orders"
          label="Search orders"
          placeholder="Order # or customer email"
          query={query}
          filtered={isFiltered}
        >
          <FilterSelect
            name="payment"
            label="Payment status"
            value={paymentStatus}
            anyLabel="Any payment status"
            options={paymentFilters}
          />
          <FilterSelect
            name="fulfillment"
            label="Fulfilment status"
            value={fulfillmentStatus}
            anyLabel="Any fulfilment"
            options={fulfillmentFilters}
          />
          <FilterSelect
            name="risk"
            label="Risk"
            value={risk}
            anyLabel="Any risk"
            options={riskFilters}
          />
          <label htmlFor="from" className="text-neutral-600">
            From
          </label>
          <input
            id="from"
            name="from"
            type="date"
            defaultValue={createdFrom ? fromText : ''}
            className="input w-auto"
          />
          <label htmlFor="to" className="text-neutral-600">
            To
          </label>
          <input
            id="to"
            name="to"
            type="date"
            defaultValue={createdTo ? toText : ''}
            className="input w-auto"
          />
        </SearchForm>
      </div>

      <div className="relative max-h-[calc(100dvh-10rem)] overflow-auto rounded-lg border border-neutral-200 bg-white">
        <table className="w-full min-w-[52rem] border-separate border-spacing-0 text-left">
          <thead className="sticky top-0 z-10 bg-neutral-100 text-xs text-neutral-600 uppercase">
            <tr>
              <Th>Order</Th>
              <Th>Date</Th>
              <Th>Customer</Th>
              <Th className="text-right">Items</Th>
              <Th className="text-right">Total</Th>
              <Th>Payment</Th>
              <Th>Fulfilment</Th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((order) => (
              <OrderRow key={order.id} order={order} />
            ))}
            {page.items.length === 0 ? (
              <EmptyRow columns={7}>
                {query
                  ? `No orders match “${query}”.`
                  : isFiltered
                    ? 'No orders match these filters.'
                    : 'No orders yet.'}
              </EmptyRow>
            ) : null}
          </tbody>
        </table>
      </div>

      <Pager
        first={cursor ? hrefWith({}) : null}
        next={page.nextCursor ? hrefWith({ cursor: page.nextCursor }) : null}
      />
    </div>
  );
}

function OrderRow({ order }: { order: AdminOrderRow }) {
  return (
    <tr className="hover:bg-neutral-50">
      <td className={`${cell} whitespace-nowrap`}>
        <Link
          href={`/orders/${order.number}`}
          className="font-medium text-accent tabular-nums hover:underline"
        >
          #{order.number}
        </Link>{' '}
        <CanceledBadge status={order.status} />{' '}
        <RiskBadge isFlagged={order.isFlagged} isHeld={order.isHeld} />
      </td>
      <td className={`${cell} whitespace-nowrap text-neutral-600`}>
        <time dateTime={order.createdAt.toISOString()}>
          {dateTimeFormat.format(order.createdAt)} UTC
        </time>
      </td>
      <td className={`${cell} max-w-64 truncate`} title={order.email}>
        {order.email}
      </td>
      <td className={`${cell} text-right tabular-nums`}>{order.itemCount}</td>
      <td className={`${cell} text-right whitespace-nowrap tabular-nums`}>
        {formatMoney(order.total, order.currencyCode)}
      </td>
      <td className={cell}>
        <PaymentBadge status={order.paymentStatus} />
      </td>
      <td className={cell}>
        <FulfillmentBadge status={order.fulfillmentStatus} />
      </td>
    </tr>
  );
}
