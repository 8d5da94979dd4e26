'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { zCartDetailsInput, zPayCheckoutInput } from '@shop/validators';
import { clearCartCookie, storefrontCaller, userMessage } from '~/server/cart';
import { describePayments } from '~/server/payments';
import type { FormState } from '../cart/form-state';

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
  const cardNumber = zPayCheckoutInput.shape.cardNumber.safeParse(text(formData, 'cardNumber'));
  if (!cardNumber.success) {
    return {
      status: 'error',
      message: cardNumber.error.issues[0]?.message.replace(/\.?$/, '.') ?? 'Enter a card number.',
      fieldErrors: { cardNumber: 'Enter the 12 to 19 digits of the card number.' },
    };
  }
  if (describePayments().id !== 'test') {
    return { status: 'error', message: 'Card payments in the browser are not available yet.' };
  }
  let placed: { number: number; accessToken: string };
  try {
    const api = await storefrontCaller();
    const started = await api.storefront.checkout.start({
      attemptKey: text(formData, 'attemptKey'),
    });
    placed = await api.storefront.checkout.pay({
      checkoutId: started.checkoutId,
      cardNumber: cardNumber.data,
    });
  } catch (err) {
    return { status: 'error', message: userMessage(err) };
  }
  // The cart is closed now; the next "Add to cart" starts a new one.
  await clearCartCookie();
  const query = new URLSearchParams({ order: String(placed.number), token: placed.accessToken });
  redirect(`/checkout/confirmation?${query.toString()}`);
}
