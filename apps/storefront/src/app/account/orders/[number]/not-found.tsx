import Link from 'next/link';
import { ShopHomeLink } from '~/components/shop-home-link';

/** Someone else's order, an unknown number or a wrong token: all "not found", never "forbidden". */
export default function OrderNotFound() {
  return (
    <section className="mx-auto flex max-w-xl flex-col items-center px-4 py-24 text-center">
      <p className="text-sm font-semibold text-accent">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight sm:text-3xl">
        We couldn&apos;t find that order
      </h1>
      <p className="mt-3 text-neutral-600">
        Open the whole link from your confirmation email, or sign in to the account you ordered
        with.
      </p>
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <Link
          href="/account"
          className="inline-flex h-11 items-center rounded-sm bg-accent px-5 text-sm font-medium text-white hover:bg-accent-strong"
        >
          Your orders
        </Link>
        <ShopHomeLink className="inline-flex h-11 items-center rounded-sm border border-neutral-300 px-5 text-sm font-medium hover:bg-neutral-50">
          Back to the shop
        </ShopHomeLink>
      </div>
    </section>
  );
}
