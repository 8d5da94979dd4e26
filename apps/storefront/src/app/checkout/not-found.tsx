import { ShopHomeLink } from '~/components/shop-home-link';

/** A wrong order number or token: the order is "not found", never "forbidden". */
export default function OrderNotFound() {
  return (
    <section className="mx-auto flex max-w-xl flex-col items-center px-4 py-24 text-center">
      <p className="text-sm font-semibold text-accent">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight sm:text-3xl">
        We couldn&apos;t find that order
      </h1>
      <p className="mt-3 text-neutral-600">
        Check that you opened the whole link from your confirmation email.
      </p>
      <ShopHomeLink className="mt-8 inline-flex h-11 items-center rounded-sm bg-accent px-5 text-sm font-medium text-white hover:bg-accent-strong">
        Back to the shop
      </ShopHomeLink>
    </section>
  );
}
