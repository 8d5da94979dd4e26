'use client';

import { useActionState, useRef } from 'react';
import { chooseShippingOption } from '~/app/checkout/actions';
import { idle, type FormState } from '~/app/cart/form-state';

export interface ShippingChoice {
  id: number;
  name: string;
  /** What the page shows: a formatted price or "Free". */
  priceLabel: string;
  /** E.g. "Free over $75.00", when it applies. */
  note: string | null;
}

/**
 * The region's shipping options as radios. Choosing one saves it at once (the review's totals
 * follow); the button is there for keyboards and as the explicit way to confirm.
 */
export function CheckoutShippingOptions({
  options,
  selectedId,
}: {
  options: ShippingChoice[];
  selectedId: number | null;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const [state, formAction, isPending] = useActionState<FormState, FormData>(
    chooseShippingOption,
    idle,
  );

  return (
    <form ref={formRef} action={formAction} className="flex flex-col gap-3">
      <fieldset aria-busy={isPending || undefined}>
        <legend className="sr-only">Shipping method</legend>
        <div className="flex flex-col overflow-hidden rounded-sm border border-neutral-300">
          {options.map((option, index) => (
            <label
              key={option.id}
              className={`flex min-h-14 cursor-pointer items-center gap-3 px-4 py-3 has-[:checked]:bg-neutral-50 ${
                index > 0 ? 'border-t border-neutral-200' : ''
              }`}
            >
              <input
                type="radio"
                name="shippingOptionId"
                value={option.id}
                defaultChecked={option.id === selectedId}
                onChange={() => formRef.current?.requestSubmit()}
                className="h-5 w-5 accent-[var(--color-accent)]"
              />
              <span className="flex min-w-0 flex-1 flex-col">
                <span className="font-medium">{option.name}</span>
                {option.note ? (
                  <span className="text-xs text-neutral-500">{option.note}</span>
                ) : null}
              </span>
              <span className="text-sm font-medium tabular-nums">{option.priceLabel}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {state.status === 'error' ? (
        <p role="alert" className="rounded-sm bg-danger-soft px-3 py-2 text-sm text-danger">
          {state.message}
        </p>
      ) : null}
      {selectedId === null ? (
        <button
          type="submit"
          disabled={isPending}
          className="h-12 self-end rounded-sm bg-accent px-6 text-base font-medium text-white hover:bg-accent-strong disabled:opacity-60"
        >
          Use this shipping method
        </button>
      ) : (
        <p className="text-xs text-neutral-500" aria-live="polite">
          {isPending
            ? 'Updating shipping…'
            : 'Your choice is saved; the order summary shows its cost.'}
        </p>
      )}
    </form>
  );
}
