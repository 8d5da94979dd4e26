'use server';

import { revalidatePath } from 'next/cache';
import { storefrontCaller, userMessage } from '~/server/cart';
import type { AddToCartState, FormState } from './form-state';

function formNumber(formData: FormData, name: string): number {
  const raw = formData.get(name);
  // An empty or non-numeric field becomes NaN, which the API's schema refuses with a sentence.
  return typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
}

/**
 * Adds a variant to the shopper's cart, creating the cart (and its cookie) on first use. When the
 * shopper is browsing another region than the cart's, the cart moves to that region first, so the
 * cart is priced in the currency the product page showed.
 */
export async function addToCart(
  _prev: AddToCartState,
  formData: FormData,
): Promise<AddToCartState> {
  const region = String(formData.get('region') ?? 'default');
  try {
    const api = await storefrontCaller();
    const current = await api.storefront.cart.get();
    if (current && region !== 'default' && current.region.code !== region) {
      await api.storefront.cart.setDetails({ region });
    }
    const cart = await api.storefront.cart.add({
      variantId: formNumber(formData, 'variantId'),
      quantity: formNumber(formData, 'quantity'),
      region,
    });
    // No revalidatePath: /cart is rendered per request, and revalidating here would make the
    // (static) product page re-render inside every add.
    return {
      status: 'added',
      itemCount: cart.lines.reduce((sum, line) => sum + line.quantity, 0),
      at: Date.now(),
    };
  } catch (err) {
    return { status: 'error', message: userMessage(err) };
  }
}

/** Sets a line's quantity (0 removes it); stock bounds it. */
export async function updateCartLine(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const api = await storefrontCaller();
    await api.storefront.cart.updateLine({
      lineId: formNumber(formData, 'lineId'),
      quantity: formNumber(formData, 'quantity'),
    });
  } catch (err) {
    return { status: 'error', message: userMessage(err) };
  }
  revalidatePath('/cart');
  revalidatePath('/checkout');
  return { status: 'saved' };
}

export async function removeCartLine(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const api = await storefrontCaller();
    await api.storefront.cart.removeLine({ lineId: formNumber(formData, 'lineId') });
  } catch (err) {
    return { status: 'error', message: userMessage(err) };
  }
  revalidatePath('/cart');
  revalidatePath('/checkout');
  return { status: 'saved' };
}
