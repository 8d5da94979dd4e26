import { createHash, randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import Link from 'next/link';
import { unavailableLineMessage, type CartViewOutput } from '@shop/validators';
import { CartTotals } from '~/components/cart-totals';
import { CheckoutDetailsForm } from '~/components/checkout-details-form';
import { CheckoutDiscountForm } from '~/components/checkout-discount-form';
import { CheckoutLines } from '~/components/checkout-lines';
import { CheckoutPaymentForm } from '~/components/checkout-payment-form';
import { CheckoutSection } from '~/components/checkout-section';
import {
  CheckoutShippingOptions,
  type ShippingChoice,
} from '~/components/checkout-shipping-options';
import { CheckoutStripePayment } from '~/components/checkout-stripe-payment';
import { CheckoutTestCards } from '~/components/checkout-test-cards';
import { formatMoney } from '@shop/money';
import { storefrontCaller } from '~/server/cart';
import { describePayments } from '~/server/payments';
import { countryOptions } from './countries';
import { ShopHomeLink } from '~/components/shop-home-link';

// Per shopper: rendered on every request, never cached.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Checkout', robots: { index: false } };

type ShippingOption = CartViewOutput['shippingOption'] & {};

/**
 * How an option is labelled in the list. Only a label: the order summary shows the figure the
 * server computed. Mirrors `computeTotals`: free with a free-shipping code, or when the
 * discounted subtotal reaches a `free_over` option's threshold.
 */
function shippingChoice(option: ShippingOption, cart: CartViewOutput): ShippingChoice {
  const money = (amount: number) => formatMoney(amount, cart.totals.currencyCode);
  const discounted = cart.totals.subtotal - cart.totals.discountTotal;
  const threshold = option.type === 'free_over' ? option.freeOverAmount : null;
  const isFree =
    cart.discount?.type === 'free_shipping' ||
    option.amount === 0 ||
    (threshold !== null && discounted >= threshold);
  return {
    id: option.id,
    name: option.name,
    priceLabel: isFree ? 'Free' : money(option.amount),
    note: threshold !== null ? `Free over ${money(threshold)}` : null,
  };
}

/** Why the cart cannot be paid as it is, in the shopper's words; null when it can. */
function cartProblem(cart: CartViewOutput): string | null {
  for (const line of cart.lines) {
    if (line.unavailableReason !== null) {
      return unavailableLineMessage(
        { productTitle: line.productTitle, unavailableReason: line.unavailableReason },
        cart.totals.currencyCode,
      );
    }
  }
  const short = cart.lines.find((l) => l.quantity > l.available);
  if (short) {
    return short.available === 0
      ? `"${short.productTitle}" is sold out; remove it from your cart.`
      : `Only ${short.available} of "${short.productTitle}" left in stock; change the quantity in your cart.`;
  }
  return null;
}

/**
 * Changes whenever anything a checkout snapshots changes (lines, contact, address, shipping,
 * discount, totals). Keys the Stripe payment step, so that an edit after "Continue to payment"
 * drops the card form of the now outdated checkout; stock figures are left out, because the
 * started checkout's own reservation lowers them.
 */
function cartVersion(cart: CartViewOutput): string {
  const snapshot = JSON.stringify([
    cart.email,
    cart.shippingAddress,
    cart.shippingOption?.id ?? null,
    cart.discount?.code ?? null,
    cart.lines.map((l) => [l.variantId, l.quantity, l.unitPrice]),
    cart.totals,
  ]);
  return createHash('sha256').update(snapshot).digest('base64url');
}

export default async function CheckoutPage() {
  const api = await storefrontCaller();
  const cart = await api.storefront.cart.get();

  if (!cart || cart.lines.length === 0) {
    return (
      <section className="mx-auto flex max-w-xl flex-col items-center px-4 py-24 text-center">
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">Your cart is empty</h1>
        <p className="mt-3 text-neutral-600">Add something to your cart before checking out.</p>
        <ShopHomeLink className="mt-8 inline-flex h-11 items-center rounded-sm bg-accent px-5 text-sm font-medium text-white hover:bg-accent-strong">
          Continue shopping
        </ShopHomeLink>
      </section>
    );
  }

  const hasDetails = cart.email !== null && cart.shippingAddress !== null;
  const hasShipping = cart.shippingOption !== null;
  const options = hasDetails ? await api.storefront.cart.shippingOptions() : [];
  const countries = countryOptions(
    await api.storefront.catalog.regionCountries({ region: cart.region.code }),
  );
  const problem = cartProblem(cart) ?? cart.discountProblem;
  const canPay = hasDetails && hasShipping && problem === null;
  const payments = describePayments();
  const total = formatMoney(cart.totals.total, cart.totals.currencyCode);
  // The server's total; a free order needs no card (checkout.start places it at once).
  const isFree = cart.totals.total === 0;

  return (
    <div className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-10">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">Checkout</h1>
        <Link href="/cart" className="text-sm font-medium text-accent hover:underline">
          ← Back to cart
        </Link>
      </div>

      {/* One column on phones in the order of the steps; on wide screens the summary (discount
          and review) moves to a sticky right column. `contents` lets the two column wrappers
          disappear on phones so `order` can interleave their sections. */}
      <div className="mt-6 flex flex-col gap-4 lg:grid lg:grid-cols-[minmax(0,1fr)_24rem] lg:items-start lg:gap-10">
        <div className="contents lg:flex lg:flex-col lg:gap-6">
          <CheckoutSection
            id="checkout-details"
            title="Contact and shipping address"
            step={1}
            isDone={hasDetails}
            className="order-1 lg:order-none"
          >
            <CheckoutDetailsForm
              email={cart.email}
              address={cart.shippingAddress}
              countries={countries}
              regionName={cart.region.name}
            />
          </CheckoutSection>

          <CheckoutSection
            id="checkout-shipping"
            title="Shipping method"
            step={2}
            isDone={hasDetails && hasShipping}
            isLocked={!hasDetails}
            className="order-2 lg:order-none"
          >
            {hasDetails ? (
              options.length > 0 ? (
                <CheckoutShippingOptions
                  options={options.map((o) => shippingChoice(o, cart))}
                  selectedId={cart.shippingOption?.id ?? null}
                />
              ) : (
                <p role="alert" className="text-sm text-danger">
                  This store has no shipping options right now; please try again later.
                </p>
              )
            ) : (
              <p className="text-sm text-neutral-500">
                Enter your address to see shipping options.
              </p>
            )}
          </CheckoutSection>

          <CheckoutSection
            id="checkout-payment"
            title="Payment"
            step={3}
            isLocked={!canPay}
            className="order-5 lg:order-none"
          >
            {!canPay ? (
              <p className="text-sm text-neutral-500">
                {problem ??
                  (!hasDetails
                    ? 'Enter your contact details and shipping address first.'
                    : 'Choose a shipping method first.')}
              </p>
            ) : payments.id === 'test' ? (
              <div className="flex flex-col gap-5">
                <CheckoutTestCards label={payments.label} />
                <CheckoutPaymentForm attemptKey={randomUUID()} totalLabel={total} isFree={isFree} />
              </div>
            ) : (
              <CheckoutStripePayment
                key={cartVersion(cart)}
                publishableKey={payments.publishableKey}
                attemptKey={randomUUID()}
                totalLabel={total}
                isFree={isFree}
              />
            )}
          </CheckoutSection>
        </div>

        <div className="contents lg:sticky lg:top-6 lg:flex lg:flex-col lg:gap-6">
          <CheckoutSection
            id="checkout-discount"
            title="Discount"
            className="order-3 lg:order-none"
          >
            <CheckoutDiscountForm
              appliedCode={cart.discount?.code ?? null}
              problem={cart.discountProblem}
            />
          </CheckoutSection>

          <CheckoutSection
            id="checkout-review"
            title="Order summary"
            className="order-4 lg:order-none"
          >
            <CheckoutLines lines={cart.lines} currencyCode={cart.totals.currencyCode} />
            <div className="mt-5 border-t border-neutral-200 pt-4">
              <CartTotals
                totals={cart.totals}
                testIdPrefix="checkout"
                discountCode={cart.discount?.code}
                shippingName={cart.shippingOption?.name}
                shippingPending={!hasShipping}
              />
            </div>
            {problem ? (
              <p
                role="alert"
                className="mt-4 rounded-sm bg-danger-soft px-3 py-2 text-sm text-danger"
              >
                {problem}
              </p>
            ) : null}
            <Link
              href="/cart"
              className="mt-4 inline-block text-sm font-medium text-accent hover:underline"
            >
              Edit cart
            </Link>
          </CheckoutSection>
        </div>
      </div>
    </div>
  );
}
