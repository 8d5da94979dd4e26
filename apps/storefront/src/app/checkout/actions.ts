'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { zCartDetailsInput, zPayCheckoutInput } from '@shop/validators';
import { storefrontCaller, userMessage } from '~/server/cart';
import { describePayments } from '~/server/payments';
import { getLogger } from '~/server/shop';
import type { FormState } from '../cart/form-state';
import {
  cancelPendingCheckout,
  isCheckoutId,
  lookUpCheckout,
  settleCheckoutCookies,
} from './last-checkout';
import type { CheckoutProgress, StripeStartState } from './payment-state';

const ADDRESS_FIELDS = [
  'firstName',
  'lastName',
  'line1',
  'line2',
  'city',
  'postalCode',
  'province',
  'countryCode',
  'phone',
] as const;

const zDetails = zCartDetailsInput.pick({ email: true, shippingAddress: true }).required();

function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === 'string' ? value : '';
}

/**
 * Saves the email and shipping address. Checked here first with the same schema the API uses,
 * so each field gets its own sentence; the server then checks that the region ships to the
 * country. The first time an address is saved, the first shipping option is chosen, so the
 * review shows a shipping cost at once (the shopper can change it).
 */
export async function saveCheckoutDetails(
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  const values: Record<string, string> = { email: text(formData, 'email') };
  for (const field of ADDRESS_FIELDS) values[field] = text(formData, field);
  const { email, ...address } = values;
  const parsed = zDetails.safeParse({ email, shippingAddress: address });
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path.at(-1) ?? 'form');
      fieldErrors[field] ??= issue.message.replace(/\.?$/, '.');
    }
    const messages = Object.values(fieldErrors);
    return {
      status: 'error',
      message:
        messages.length === 1 && messages[0]
          ? messages[0]
          : `Please correct the ${messages.length} highlighted fields.`,
      fieldErrors,
      values,
    };
  }
  try {
    const api = await storefrontCaller();
    const cart = await api.storefront.cart.setDetails(parsed.data);
    if (!cart.shippingOption) {
      const [first] = await api.storefront.cart.shippingOptions();
      if (first) await api.storefront.cart.setDetails({ shippingOptionId: first.id });
    }
  } catch (err) {
    return { status: 'error', message: userMessage(err), values };
  }
  revalidatePath('/checkout');
  return { status: 'saved' };
}

export async function chooseShippingOption(
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  try {
    const api = await storefrontCaller();
    await api.storefront.cart.setDetails({
      shippingOptionId: Number(text(formData, 'shippingOptionId')),
    });
  } catch (err) {
    return { status: 'error', message: userMessage(err) };
  }
  revalidatePath('/checkout');
  return { status: 'saved' };
}

export async function applyDiscountCode(_prev: FormState, formData: FormData): Promise<FormState> {
  const code = text(formData, 'discountCode').trim();
  if (code === '') {
    return { status: 'error', message: 'Enter a discount code.', values: { discountCode: code } };
  }
  try {
    const api = await storefrontCaller();
    await api.storefront.cart.setDetails({ discountCode: code });
  } catch (err) {
    return { status: 'error', message: userMessage(err), values: { discountCode: code } };
  }
  revalidatePath('/checkout');
  return { status: 'saved' };
}

export async function removeDiscountCode(_prev: FormState): Promise<FormState> {
  try {
    const api = await storefrontCaller();
    await api.storefront.cart.setDetails({ discountCode: null });
  } catch (err) {
    return { status: 'error', message: userMessage(err) };
  }
  revalidatePath('/checkout');
  return { status: 'saved' };
}

/**
 * Starts the checkout (prices the cart on the server, reserves stock, creates the payment) and
 * pays it with the card number, in one step. `attemptKey` comes from the page render: a double
 * submit, or a second card after a decline, reuses the same checkout and its reservation; any
 * change to the cart re-renders the page and so starts a new attempt. A decline leaves the
 * shopper on the page with the provider's sentence; the reservation lapses unless they retry.
 */
export async function placeOrder(_prev: FormState, formData: FormData): Promise<FormState> {
  // The page showed a total of 0 and no card field: checkout.start places a free order at once.
  if (text(formData, 'free') === '1') return placeFreeOrder(text(formData, 'attemptKey'));
  const cardNumber = zPayCheckoutInput.shape.cardNumber.safeParse(text(formData, 'cardNumber'));
  if (!cardNumber.success) {
    return {
      status: 'error',
      message: cardNumber.error.issues[0]?.message.replace(/\.?$/, '.') ?? 'Enter a card number.',
      fieldErrors: { cardNumber: 'Enter the 12 to 19 digits of the card number.' },
    };
  }
  if (describePayments().id !== 'test') {
    return {
      status: 'error',
      message: 'This shop takes cards through Stripe; reload the page to pay.',
    };
  }
  let placed: { number: number; accessToken: string };
  try {
    const api = await storefrontCaller();
    const started = await api.storefront.checkout.start({
      attemptKey: text(formData, 'attemptKey'),
    });
    // The other tab (or the other half of a double click) placed the cart's order already:
    // nothing is charged, and this tab shows that order too.
    placed =
      started.order ??
      (await api.storefront.checkout.pay({
        checkoutId: started.checkoutId,
        cardNumber: cardNumber.data,
      }));
  } catch (err) {
    return { status: 'error', message: userMessage(err) };
  }
  // The cart is closed now; the next "Add to cart" starts a new one. Its cookie stays: every read
  // treats a completed cart as none, and a second tab that still submits this cart's checkout
  // must find the cart to be shown its order (see startCheckout).
  redirectToConfirmation(placed);
}

/**
 * "Place free order": the server prices the cart again, and a total of 0 becomes the order
 * without a payment. A total that is no longer 0 (the cart changed in another tab) is never
 * charged from here: the page is re-rendered with its card field and the real amount.
 */
async function placeFreeOrder(attemptKey: string): Promise<FormState> {
  let order: { number: number; accessToken: string } | null;
  try {
    const api = await storefrontCaller();
    ({ order } = await api.storefront.checkout.start({ attemptKey }));
  } catch (err) {
    return { status: 'error', message: userMessage(err) };
  }
  if (!order) {
    revalidatePath('/checkout');
    return {
      status: 'error',
      message: 'Your order total is no longer free; check the new total and enter a card number.',
    };
  }
  redirectToConfirmation(order);
}

function redirectToConfirmation(order: { number: number; accessToken: string }): never {
  const query = new URLSearchParams({ order: String(order.number), token: order.accessToken });
  redirect(`/checkout/confirmation?${query.toString()}`);
}

/**
 * Stripe, step one: starts the checkout (prices the cart, reserves stock, creates the
 * PaymentIntent) and hands its client secret to the browser, where Stripe.js collects the card
 * and confirms. The order is placed by the webhook, never here. Sets no cookie on purpose: a
 * cookie written by an action makes Next re-render the page, and that render would show the
 * cart with its own fresh reservation subtracted (see last-checkout.ts).
 */
export async function startStripePayment(
  _prev: StripeStartState,
  formData: FormData,
): Promise<StripeStartState> {
  let started: {
    checkoutId: string;
    clientSecret: string | null;
    order: { number: number; accessToken: string } | null;
  };
  try {
    if (describePayments().id !== 'stripe') {
      return { status: 'error', message: 'Paying by card through Stripe is not set up here.' };
    }
    const api = await storefrontCaller();
    started = await api.storefront.checkout.start({ attemptKey: text(formData, 'attemptKey') });
  } catch (err) {
    return { status: 'error', message: userMessage(err) };
  }
  if (started.order) {
    // Another tab's payment placed the cart's order (or the order is free): show it rather than
    // a card form.
    redirectToConfirmation(started.order);
  }
  // The same attempt key returns the existing checkout, whose secret is not kept on our side.
  if (started.clientSecret === null) {
    return {
      status: 'error',
      message: 'This payment was already started; reload the page to start it again.',
    };
  }
  return { status: 'ready', checkoutId: started.checkoutId, clientSecret: started.clientSecret };
}

/**
 * Polled every second by /checkout/complete while the webhook places the order. Once the order
 * exists, forgets the cart and redirects to the confirmation; until then answers the status.
 * The first call pins the `last_checkout` cookie, so a reload still finds the order after the
 * cart cookie is gone.
 */
export async function pollCheckoutStatus(checkoutId: string): Promise<CheckoutProgress> {
  if (!isCheckoutId(checkoutId)) return { status: 'missing' };
  const found = await lookUpCheckout(checkoutId);
  if (!found) return { status: 'missing' };
  await settleCheckoutCookies(checkoutId, found);
  const { status, failureReason, order } = found.status;
  if (order) redirectToConfirmation(order);
  return status === 'completed'
    ? { status: 'pending', failureReason: null }
    : { status, failureReason };
}

/**
 * "Try again" after a payment that did not go through: releases the checkout's hold on the
 * stock and discount at once (rather than when it lapses), so the checkout page shows the cart
 * as it really is, then goes back to it. A payment that still arrives for the released
 * checkout becomes an order if the stock is there, and is refunded otherwise.
 */
export async function retryCheckoutPayment(formData: FormData): Promise<void> {
  const checkoutId = text(formData, 'checkoutId');
  if (isCheckoutId(checkoutId)) {
    try {
      await cancelPendingCheckout(checkoutId);
    } catch (err) {
      // Going back to the checkout matters more; the hold lapses on its own.
      getLogger().error({ err, checkoutId }, 'could not release the checkout');
    }
  }
  redirect('/checkout');
}
