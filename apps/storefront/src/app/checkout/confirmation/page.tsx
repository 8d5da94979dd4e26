import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { TRPCError } from '@trpc/server';
import type { OrderDetailOutput } from '@shop/validators';
import { CartTotals } from '~/components/cart-totals';
import { CheckoutLines } from '~/components/checkout-lines';
import { storefrontCaller } from '~/server/cart';
import { countryName } from '../countries';
import { ShopHomeLink } from '~/components/shop-home-link';

// Per order and token: rendered on every request, never cached or indexed; the token in the URL
// is not sent on to other sites.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Order confirmed',
  robots: { index: false, follow: false },
  referrer: 'no-referrer',
};

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The order by number and access token; anything wrong (or anyone else's order) is a 404. */
async function loadOrder(searchParams: SearchParams): Promise<OrderDetailOutput> {
  const { order, token } = await searchParams;
  if (typeof order !== 'string' || !/^\d{1,15}$/.test(order) || typeof token !== 'string') {
    notFound();
  }
  const api = await storefrontCaller();
  try {
    return await api.storefront.orders.byToken({ number: Number(order), token });
  } catch (err) {
    if (err instanceof TRPCError && (err.code === 'NOT_FOUND' || err.code === 'BAD_REQUEST')) {
      notFound();
    }
    throw err;
  }
}

export default async function ConfirmationPage({ searchParams }: { searchParams: SearchParams }) {
  const order = await loadOrder(searchParams);
  const address = order.shippingAddress;

  return (
    <div className="mx-auto max-w-3xl px-4 py-8 sm:px-6 sm:py-12">
      <div className="flex flex-col items-center text-center">
        <span
          aria-hidden="true"
          className="inline-flex h-12 w-12 items-center justify-center rounded-full bg-success text-xl text-white"
        >
          ✓
        </span>
        <h1 className="mt-4 text-2xl font-semibold tracking-tight sm:text-3xl">
          Thank you, {address.firstName}!
        </h1>
        <p className="mt-2 text-neutral-700">
          Your order{' '}
          <span className="font-semibold">
            #<span data-testid="order-number">{order.number}</span>
          </span>{' '}
          is confirmed.
        </p>
        <p className="mt-1 text-sm text-neutral-600">
          We sent a confirmation to{' '}
          <span
            className="font-medium break-words text-neutral-900"
            data-testid="confirmation-email"
          >
            {order.email}
          </span>
          .
        </p>
      </div>

      <div className="mt-8 grid gap-4 sm:grid-cols-2">
        <section
          aria-labelledby="confirmation-shipping-title"
          className="rounded-lg border border-neutral-200 bg-white p-4 sm:p-6"
        >
          <h2 id="confirmation-shipping-title" className="mb-2 font-semibold">
            Shipping to
          </h2>
          <address className="text-sm leading-relaxed text-neutral-700 not-italic">
            {address.firstName} {address.lastName}
            <br />
            {address.line1}
            {address.line2 ? `, ${address.line2}` : ''}
            <br />
            {address.postalCode} {address.city}
            {address.province ? `, ${address.province}` : ''}
            <br />
            {countryName(address.countryCode)}
          </address>
        </section>
        <section
          aria-labelledby="confirmation-method-title"
          className="rounded-lg border border-neutral-200 bg-white p-4 sm:p-6"
        >
          <h2 id="confirmation-method-title" className="mb-2 font-semibold">
            Delivery and payment
          </h2>
          <p className="text-sm text-neutral-700">{order.shippingOptionName}</p>
          <p className="mt-1 text-sm text-neutral-700">
            Payment: <span className="capitalize">{order.paymentStatus.replace(/_/g, ' ')}</span>
          </p>
        </section>
      </div>

      <section
        aria-labelledby="confirmation-summary-title"
        className="mt-4 rounded-lg border border-neutral-200 bg-white p-4 sm:p-6"
      >
        <h2 id="confirmation-summary-title" className="mb-4 font-semibold">
          Order summary
        </h2>
        <CheckoutLines lines={order.lines} currencyCode={order.currencyCode} />
        <div className="mt-5 border-t border-neutral-200 pt-4">
          <CartTotals
            totals={order}
            testIdPrefix="confirmation"
            discountCode={order.discountCode}
            shippingName={order.shippingOptionName}
          />
        </div>
      </section>

      <div className="mt-8 text-center">
        <ShopHomeLink className="inline-flex h-11 items-center rounded-sm bg-accent px-5 text-sm font-medium text-white hover:bg-accent-strong">
          Continue shopping
        </ShopHomeLink>
      </div>
    </div>
  );
}
