import type { Metadata } from 'next';
import {
  zOrderFulfillmentStatus,
  zOrderPaymentStatus,
  type OrderFulfillmentStatus,
  type OrderPaymentStatus,
} from '@shop/validators';
import { FilterSelect, SearchForm } from '~/components/search-form';
import { keysetPager, parseCursor, parseTrail } from '~/lib/keyset';
import { getAdminApi } from '~/server/api';
import { OrderTable } from './order-table';

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
  const cursorText = parseCursor(params.cursor);
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

      <OrderTable
        rows={page.items}
        empty={
          query
            ? `No orders match “${query}”.`
            : isFiltered
              ? 'No orders match these filters.'
              : 'No orders yet.'
        }
        pager={keysetPager({
          path: '/orders',
          params: {
            q: query,
            payment: paymentStatus ?? '',
            fulfillment: fulfillmentStatus ?? '',
            risk: risk ?? '',
            from: createdFrom && fromText ? fromText : '',
            to: createdTo && toText ? toText : '',
          },
          cursor: cursor === undefined ? null : String(cursor),
          trail: parseTrail(params.back),
          nextCursor: page.nextCursor,
        })}
      />
    </div>
  );
}
