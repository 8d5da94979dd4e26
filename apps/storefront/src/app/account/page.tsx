import type { Metadata } from 'next';
import Link from 'next/link';
import { textLink } from '~/components/account-field';
import { AccountNav } from '~/components/account-nav';
import { AccountOrderStatus } from '~/components/account-order-status';
import { formatMoney } from '@shop/money';
import { accountCaller, requireCustomer } from '~/server/customer-auth';
import { ShopHomeLink } from '~/components/shop-home-link';

export const metadata: Metadata = { title: 'Your orders' };

const PAGE_SIZE = 20;
const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' });

/** The order history, newest first, 20 at a time (`?before=<cursor>` for older ones). */
export default async function AccountPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const customer = await requireCustomer('/account');
  const before = (await searchParams).before;
  const cursor = typeof before === 'string' && /^\d{1,15}$/.test(before) ? Number(before) : null;
  const page = await accountCaller().account.orders({ limit: PAGE_SIZE, cursor });

  return (
    <div className="mx-auto max-w-4xl px-4 py-8 sm:px-6 sm:py-12">
      <AccountNav current="orders" customer={customer} />
      <section aria-labelledby="orders-heading" className="mt-8">
        <h2 id="orders-heading" className="text-lg font-semibold">
          Orders
        </h2>
        {page.items.length === 0 ? (
          <div className="mt-4 rounded-lg border border-dashed border-neutral-300 px-4 py-10 text-center">
            <p className="text-neutral-600">
              {cursor ? 'No older orders.' : "You haven't ordered anything yet."}
            </p>
            <ShopHomeLink className={`mt-3 inline-block ${textLink}`}>Start shopping</ShopHomeLink>
          </div>
        ) : (
          <ul
            className="mt-4 divide-y divide-neutral-200 rounded-lg border border-neutral-200"
            data-testid="order-list"
          >
            {page.items.map((order) => (
              <li key={order.number}>
                <Link
                  href={`/account/orders/${order.number}`}
                  className="grid grid-cols-[1fr_auto] items-center gap-x-4 gap-y-1 px-4 py-4 hover:bg-neutral-50 sm:grid-cols-[8rem_1fr_auto_7rem]"
                >
                  <span className="font-medium">
                    <span className="sr-only">Order </span>#{order.number}
                  </span>
                  <span className="text-right font-medium tabular-nums sm:order-last">
                    {formatMoney(order.total, order.currencyCode)}
                  </span>
                  <span className="text-sm text-neutral-600">
                    <time dateTime={order.createdAt.toISOString()}>
                      {dateFormat.format(order.createdAt)}
                    </time>
                    {' · '}
                    {order.itemCount} {order.itemCount === 1 ? 'item' : 'items'}
                  </span>
                  <span className="text-right sm:text-left">
                    <AccountOrderStatus {...order} />
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
        {page.nextCursor !== null || cursor !== null ? (
          <nav aria-label="Order pages" className="mt-4 flex justify-between text-sm">
            {cursor !== null ? (
              <Link href="/account" className={textLink}>
                Newest orders
              </Link>
            ) : (
              <span />
            )}
            {page.nextCursor !== null ? (
              <Link href={`/account?before=${page.nextCursor}`} className={textLink}>
                Older orders
              </Link>
            ) : null}
          </nav>
        ) : null}
      </section>
    </div>
  );
}
