import type { Metadata } from 'next';
import Link from 'next/link';
import { unstable_rethrow } from 'next/navigation';
import { logUnexpected, newRequestId } from '@shop/api/edge';
import { formatMoney } from '@shop/money';
import { unavailableLineMessage } from '@shop/validators';
import { CartLineControls } from '~/components/cart-line-controls';
import { CartTotals } from '~/components/cart-totals';
import { ProductImage } from '~/components/product-image';
import { productPath, regionPath } from '~/lib/region';
import { storefrontCaller } from '~/server/cart';
import { shopperRegion } from '~/server/region';
import { getLogger } from '~/server/shop';
import { RetryMessage } from '../retry-message';
import { CART_UNAVAILABLE } from './unavailable';

// Per shopper: rendered on every request, never cached.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Your cart', robots: { index: false } };

/**
 * The shopper's cart, or (when it cannot be read, e.g. while the database is down) a readable
 * retry message rendered right here on the server: it works without JavaScript, and the failure
 * is logged under the reference it shows.
 */
async function readCart() {
  try {
    const api = await storefrontCaller();
    return { cart: await api.storefront.cart.get() };
  } catch (err) {
    unstable_rethrow(err);
    const reference = newRequestId();
    logUnexpected(getLogger(), reference, 'cart page', err);
    return { unavailable: reference };
  }
}

export default async function CartPage() {
  const read = await readCart();
  if ('unavailable' in read) {
    return (
      <RetryMessage title={CART_UNAVAILABLE.title} reference={read.unavailable} retryHref="/cart">
        {CART_UNAVAILABLE.message}
      </RetryMessage>
    );
  }
  const { cart } = read;

  if (!cart || cart.lines.length === 0) {
    return (
      <section className="mx-auto flex max-w-xl flex-col items-center px-4 py-24 text-center">
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">Your cart is empty</h1>
        <p className="mt-3 text-neutral-600">Find something you like and add it to your cart.</p>
        <Link
          href={regionPath(cart?.region.code ?? (await shopperRegion()))}
          className="mt-8 inline-flex h-11 items-center rounded-sm bg-accent px-5 text-sm font-medium text-white hover:bg-accent-strong"
        >
          Continue shopping
        </Link>
      </section>
    );
  }

  const money = (amount: number) => formatMoney(amount, cart.region.currencyCode);
  const itemCount = cart.lines.reduce((sum, line) => sum + line.quantity, 0);
  const unsellable = cart.lines.some((line) => line.unavailableReason !== null);
  const overStock = cart.lines.some((line) => line.quantity > line.available);

  return (
    <div className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-10">
      <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">Your cart</h1>
      <p className="mt-1 text-sm text-neutral-600">
        {itemCount} {itemCount === 1 ? 'item' : 'items'} · prices in {cart.region.currencyCode} for{' '}
        {cart.region.name}
      </p>

      <div className="mt-6 grid gap-8 lg:grid-cols-[1fr_22rem] lg:gap-12">
        <section aria-label="Items">
          <ul className="divide-y divide-neutral-200 border-y border-neutral-200">
            {cart.lines.map((line) => (
              <li key={line.id} className="flex gap-4 py-5" data-testid="cart-line">
                <div className="relative aspect-[4/5] w-20 shrink-0 self-start overflow-hidden rounded-sm bg-neutral-100 sm:w-24">
                  {line.thumbnailUrl ? (
                    <ProductImage src={line.thumbnailUrl} alt="" sizes="96px" />
                  ) : null}
                </div>
                <div className="flex min-w-0 flex-1 flex-col gap-3 sm:flex-row sm:justify-between">
                  <div className="min-w-0">
                    <h2 className="font-medium">
                      <Link
                        href={productPath(cart.region.code, line.productHandle)}
                        className="hover:underline"
                      >
                        {line.productTitle}
                      </Link>
                    </h2>
                    <p className="text-sm text-neutral-600">{line.variantTitle}</p>
                    <p className="mt-1 text-sm text-neutral-600">
                      <span className="sr-only">Unit price: </span>
                      <span data-testid="cart-line-unit-price">{money(line.unitPrice)}</span> each
                    </p>
                    {line.unavailableReason !== null ? (
                      <p className="mt-1 text-sm font-medium text-danger">
                        {unavailableLineMessage(
                          {
                            productTitle: line.productTitle,
                            unavailableReason: line.unavailableReason,
                          },
                          cart.region.currencyCode,
                        )}
                      </p>
                    ) : line.available === 0 ? (
                      <p className="mt-1 text-sm font-medium text-danger">
                        Sold out; please remove it.
                      </p>
                    ) : line.quantity > line.available ? (
                      <p className="mt-1 text-sm font-medium text-danger">
                        Only {line.available} left in stock.
                      </p>
                    ) : null}
                    <div className="mt-3">
                      <CartLineControls
                        lineId={line.id}
                        quantity={line.quantity}
                        productTitle={line.productTitle}
                      />
                    </div>
                  </div>
                  <p className="text-base font-semibold tabular-nums sm:text-right">
                    <span className="sr-only">Line total: </span>
                    <span data-testid="cart-line-total">{money(line.subtotal)}</span>
                  </p>
                </div>
              </li>
            ))}
          </ul>
          <Link
            href={regionPath(cart.region.code)}
            className="mt-4 inline-block text-sm font-medium text-accent hover:underline"
          >
            ← Continue shopping
          </Link>
        </section>

        <aside
          aria-labelledby="cart-summary-title"
          className="h-fit rounded-lg border border-neutral-200 bg-neutral-50 p-5 lg:sticky lg:top-20"
        >
          <h2 id="cart-summary-title" className="mb-4 text-lg font-semibold">
            Summary
          </h2>
          <CartTotals
            totals={cart.totals}
            testIdPrefix="cart"
            discountCode={cart.discount?.code}
            shippingName={cart.shippingOption?.name}
            shippingPending={!cart.shippingOption}
          />
          {cart.discountProblem ? (
            <p className="mt-3 text-sm text-danger">{cart.discountProblem}</p>
          ) : null}
          {unsellable || overStock ? (
            <p className="mt-4 text-sm text-danger">
              Some items cannot be bought as they are; change them before checking out.
            </p>
          ) : null}
          <Link
            href="/checkout"
            className="mt-5 flex h-12 w-full items-center justify-center rounded-sm bg-accent text-base font-medium text-white hover:bg-accent-strong"
          >
            Checkout
          </Link>
          <p className="mt-3 text-center text-xs text-neutral-500">
            Shipping and discount codes are applied at checkout.
          </p>
        </aside>
      </div>
    </div>
  );
}
