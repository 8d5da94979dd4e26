'use client';

import { useActionState, useId } from 'react';
import { applyDiscountCode, removeDiscountCode } from '~/app/checkout/actions';
import { idle, type FormState } from '~/app/cart/form-state';

/**
 * Discount code: Apply, or Remove the applied one. The server's sentence for an unknown,
 * expired or used-up code (or one that stopped applying) is shown in role="alert".
 */
export function CheckoutDiscountForm({
  appliedCode,
  problem,
}: {
  appliedCode: string | null;
  /** Why the cart's code no longer applies, from the server. */
  problem: string | null;
}) {
  const [applyState, apply, isApplying] = useActionState<FormState, FormData>(
    applyDiscountCode,
    idle,
  );
  const [removeState, remove, isRemoving] = useActionState<FormState>(removeDiscountCode, idle);
  const inputId = useId();
  const errorId = useId();
  const error =
    applyState.status === 'error'
      ? applyState.message
      : removeState.status === 'error'
        ? removeState.message
        : problem;
  const typed = applyState.status === 'error' ? applyState.values?.discountCode : undefined;

  return (
    <div className="flex flex-col gap-2">
      {appliedCode ? (
        <form action={remove} className="flex items-center justify-between gap-3 text-sm">
          <p>
            Code{' '}
            <span className="rounded-sm bg-neutral-100 px-1.5 py-0.5 font-mono">{appliedCode}</span>{' '}
            {problem ? 'no longer applies' : 'applied'}
          </p>
          <button
            type="submit"
            disabled={isRemoving}
            className="h-10 rounded-sm px-2 font-medium text-neutral-600 hover:text-danger hover:underline disabled:opacity-60"
          >
            Remove<span className="sr-only"> discount code {appliedCode}</span>
          </button>
        </form>
      ) : (
        <form action={apply} className="flex flex-col gap-1">
          <label htmlFor={inputId} className="text-sm font-medium text-neutral-700">
            Discount code
          </label>
          <div className="flex gap-2">
            <input
              key={typed ?? ''}
              id={inputId}
              name="discountCode"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              defaultValue={typed ?? ''}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
              className="h-12 min-w-0 flex-1 rounded-sm border border-neutral-300 bg-white px-3 text-base uppercase placeholder:normal-case"
            />
            <button
              type="submit"
              disabled={isApplying}
              className="h-12 rounded-sm border border-neutral-900 px-5 text-sm font-medium hover:bg-neutral-900 hover:text-white disabled:opacity-60"
            >
              {isApplying ? 'Applying…' : 'Apply'}
            </button>
          </div>
        </form>
      )}
      {error ? (
        <p id={errorId} role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
