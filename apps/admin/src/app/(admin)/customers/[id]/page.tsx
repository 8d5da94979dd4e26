import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { TRPCError } from '@trpc/server';
import { formatMoney } from '@shop/money';
import { Section } from '~/components/section';
import { formatWhen } from '~/lib/format';
import { getAdminApi } from '~/server/api';
import { CustomerOrdersTable } from './orders-table';

export const metadata: Metadata = { title: 'Customer' };

/** One customer: lifetime value per currency, their latest orders and saved addresses. */
export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const id = decodeURIComponent((await params).id).slice(0, 200);
  const api = await getAdminApi();
  let customer;
  try {
    customer = await api.admin.customers.get({ id });
  } catch (err) {
    if (err instanceof TRPCError && (err.code === 'NOT_FOUND' || err.code === 'BAD_REQUEST'))
      notFound();
    throw err;
  }
  return (
    <div className="space-y-6">
      <div>
        <Link href="/customers" className="text-neutral-600 hover:underline">
          ← Customers
        </Link>
        <h1 className="text-lg font-semibold">{customer.name || customer.email}</h1>
        <p className="text-neutral-600">
          {customer.email}
          {customer.emailVerified ? ' (verified)' : ' (not verified)'} · customer since{' '}
          {formatWhen(customer.createdAt)}
        </p>
      </div>
      <Section headingId="value" title="Lifetime value">
        <p className="text-neutral-600">What their orders were paid, less refunds.</p>
        {customer.lifetimeValue.length === 0 ? (
          <p>No paid orders yet.</p>
        ) : (
          <ul className="flex flex-wrap gap-3" data-testid="lifetime-value">
            {customer.lifetimeValue.map((v) => (
              <li
                key={v.currencyCode}
                className="rounded-lg border border-neutral-200 bg-white px-3 py-2 text-base font-semibold tabular-nums"
              >
                {formatMoney(v.amount, v.currencyCode)}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section
        headingId="orders"
        title={`Orders (${customer.orderCount}${customer.orderCount > customer.orders.length ? `, latest ${customer.orders.length}` : ''})`}
      >
        <CustomerOrdersTable rows={customer.orders} />
      </Section>
      <Section headingId="addresses" title="Addresses">
        {customer.addresses.length === 0 ? (
          <p className="text-neutral-600">No saved addresses.</p>
        ) : (
          <ul className="grid gap-3 sm:grid-cols-2">
            {customer.addresses.map((a) => (
              <li key={a.id} className="rounded-lg border border-neutral-200 bg-white px-3 py-2">
                <p className="font-medium">
                  {a.name}
                  {a.isDefault ? <span className="text-neutral-500"> (default)</span> : null}
                </p>
                {a.lines.map((line) => (
                  <p key={line}>{line}</p>
                ))}
                <p>{a.countryCode}</p>
                {a.phone ? <p className="text-neutral-600">{a.phone}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}
