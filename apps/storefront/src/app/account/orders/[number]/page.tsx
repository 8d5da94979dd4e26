import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { TRPCError } from '@trpc/server';
import { createStorefrontCaller, createStorefrontContext } from '@shop/api';
import type { OrderDetailOutput } from '@shop/validators';
import { textLink } from '~/components/account-field';
import { AccountOrderDetail } from '~/components/account-order-detail';
import { accountCaller, getCustomer } from '~/server/customer-auth';
import { getShop } from '~/server/shop';

export const metadata: Metadata = { title: 'Your order' };

/** Any failure that means "not this shopper's order" (unknown number, wrong or malformed token). */
function isNotFound(err: unknown): boolean {
  return err instanceof TRPCError && (err.code === 'NOT_FOUND' || err.code === 'BAD_REQUEST');
}

/**
 * One order. With `?token=` (the link in the confirmation mail) anyone holding the token sees it,
 * signed in or not; without, only the signed-in customer who placed it. Every other case is a
 * 404, so the page never tells whether an order number exists.
 */
export default async function OrderPage({
  params,
  searchParams,
}: {
  params: Promise<{ number: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { number: raw } = await params;
  const { token } = await searchParams;
  if (!/^\d{1,15}$/.test(raw)) notFound();
  const number = Number(raw);

  let order: OrderDetailOutput;
  let isGuestView = false;
  try {
    if (typeof token === 'string') {
      isGuestView = true;
      const api = createStorefrontCaller(createStorefrontContext(getShop())).storefront;
      order = await api.orders.byToken({ number, token });
    } else {
      if (!(await getCustomer())) {
        redirect(`/account/sign-in?next=${encodeURIComponent(`/account/orders/${number}`)}`);
      }
      order = await accountCaller().account.order({ number });
    }
  } catch (err) {
    if (isNotFound(err)) notFound();
    throw err;
  }

  return (
    <div className="mx-auto max-w-3xl px-4 py-8 sm:px-6 sm:py-12">
      {isGuestView ? null : (
        <p className="mb-6 text-sm">
          <Link href="/account" className={textLink}>
            ← All orders
          </Link>
        </p>
      )}
      <AccountOrderDetail order={order} />
      {isGuestView && !(await getCustomer()) ? (
        <p className="mt-10 rounded-lg bg-neutral-50 px-4 py-4 text-sm text-neutral-700">
          Keep your confirmation email: its link is how you get back here.{' '}
          <Link href="/account/register" className={textLink}>
            Create an account
          </Link>{' '}
          to see your next orders in one place.
        </p>
      ) : null}
    </div>
  );
}
