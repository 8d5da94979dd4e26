'use client';

import Link from 'next/link';
import { useActionState, useEffect, useId } from 'react';
import { addToCart } from '~/app/cart/actions';
import type { AddToCartState } from '~/app/cart/form-state';
import { CART_CHANGED_EVENT } from './cart-count';

/** The API's limit per line; stock is checked on the server either way. */
const MAX_QUANTITY = 1000;

/**
 * Quantity and "Add to cart" for one variant. The server decides whether the units are there
 * ("Only 2 left in stock."), and its sentence is shown under the button. `variantId` is null
 * while the shopper has not chosen a variant yet.
 */
export function AddToCartButton({
  variantId,
  region,
  disabled = false,
  soldOut = false,
  max = MAX_QUANTITY,
}: {
  variantId: number | null;
  region: string;
  disabled?: boolean;
  soldOut?: boolean;
  /** Upper bound for the quantity input, e.g. the variant's available stock. */
  max?: number;
}) {
  const [state, formAction, isPending] = useActionState<AddToCartState, FormData>(addToCart, {
    status: 'idle',
  });
  const quantityId = useId();
  const hintId = useId();
  const upperBound = Math.max(1, Math.min(MAX_QUANTITY, Math.floor(max)));
  const isDisabled = disabled || soldOut || variantId === null || isPending;

  useEffect(() => {
    if (state.status === 'added') {
      window.dispatchEvent(
        new CustomEvent(CART_CHANGED_EVENT, { detail: { count: state.itemCount } }),
      );
    }
  }, [state]);

  return (
    <form action={formAction} className="flex flex-col gap-3" data-testid="add-to-cart">
      <input type="hidden" name="variantId" value={variantId ?? ''} />
      <input type="hidden" name="region" value={region} />
      <div className="flex items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor={quantityId} className="text-sm font-medium">
            Quantity
          </label>
          <input
            id={quantityId}
            name="quantity"
            type="number"
            inputMode="numeric"
            min={1}
            max={upperBound}
            step={1}
            defaultValue={1}
            required
            disabled={soldOut}
            className="h-12 w-20 rounded-sm border border-neutral-300 bg-white px-3 text-base tabular-nums disabled:bg-neutral-100"
          />
        </div>
        <button
          type="submit"
          disabled={isDisabled}
          aria-describedby={variantId === null && !soldOut ? hintId : undefined}
          className="h-12 flex-1 rounded-sm bg-accent px-6 text-base font-medium text-white hover:bg-accent-strong disabled:cursor-not-allowed disabled:bg-neutral-300 disabled:text-neutral-600"
        >
          {soldOut ? 'Sold out' : isPending ? 'Adding…' : 'Add to cart'}
        </button>
      </div>
      {variantId === null && !soldOut ? (
        <p id={hintId} className="text-sm text-neutral-600">
          Choose your options to add this to your cart.
        </p>
      ) : null}
      {state.status === 'error' ? (
        <p role="alert" className="rounded-sm bg-danger-soft px-3 py-2 text-sm text-danger">
          {state.message}
        </p>
      ) : null}
      <div role="status" aria-live="polite">
        {state.status === 'added' ? (
          <p className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-sm bg-success-soft px-3 py-2 text-sm text-success">
            <span className="font-medium">Added to cart</span>
            <Link
              href="/cart"
              className="font-medium text-neutral-900 underline underline-offset-2"
            >
              View cart ({state.itemCount} {state.itemCount === 1 ? 'item' : 'items'})
            </Link>
          </p>
        ) : null}
      </div>
    </form>
  );
}
