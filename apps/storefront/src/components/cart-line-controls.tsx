'use client';

import { useActionState, useId } from 'react';
import { removeCartLine, updateCartLine } from '~/app/cart/actions';
import { idle, type FormState } from '~/app/cart/form-state';

/** Quantity editor (Update) and Remove for one cart line; the server bounds it by stock. */
export function CartLineControls({
  lineId,
  quantity,
  productTitle,
}: {
  lineId: number;
  quantity: number;
  productTitle: string;
}) {
  const [updateState, update, isUpdating] = useActionState<FormState, FormData>(
    updateCartLine,
    idle,
  );
  const [removeState, remove, isRemoving] = useActionState<FormState, FormData>(
    removeCartLine,
    idle,
  );
  const inputId = useId();
  const errorId = useId();
  const error =
    updateState.status === 'error'
      ? updateState.message
      : removeState.status === 'error'
        ? removeState.message
        : null;
  const isBusy = isUpdating || isRemoving;

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-end gap-x-1 gap-y-2">
        <form action={update} className="flex items-end gap-2">
          <input type="hidden" name="lineId" value={lineId} />
          <div className="flex flex-col gap-1">
            <label htmlFor={inputId} className="text-xs font-medium text-neutral-600">
              Quantity<span className="sr-only"> of {productTitle}</span>
            </label>
            <input
              // A new quantity from the server (after an update elsewhere) resets the field.
              key={quantity}
              id={inputId}
              name="quantity"
              type="number"
              inputMode="numeric"
              min={0}
              max={1000}
              step={1}
              defaultValue={quantity}
              required
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
              className="h-11 w-16 rounded-sm border border-neutral-300 bg-white px-3 text-base tabular-nums"
            />
          </div>
          <button
            type="submit"
            disabled={isBusy}
            className="h-11 rounded-sm border border-neutral-300 bg-white px-3 text-sm font-medium hover:bg-neutral-50 disabled:opacity-60"
          >
            {isUpdating ? 'Updating…' : 'Update'}
            <span className="sr-only"> quantity of {productTitle}</span>
          </button>
        </form>
        <form action={remove}>
          <input type="hidden" name="lineId" value={lineId} />
          <button
            type="submit"
            disabled={isBusy}
            className="h-11 rounded-sm px-3 text-sm font-medium text-neutral-600 underline-offset-2 hover:text-danger hover:underline disabled:opacity-60"
          >
            {isRemoving ? 'Removing…' : 'Remove'}
            <span className="sr-only"> {productTitle}</span>
          </button>
        </form>
      </div>
      {error ? (
        <p id={errorId} role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
