'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { SUPPORTED_CURRENCIES } from '@shop/money';
import type { AdminDiscount } from '@shop/validators';
import {
  createDiscountAction,
  setArchivedAction,
  updateDiscountAction,
  type DiscountActionResult,
} from './actions';
import { toDiscountInput, toFormValues, type DiscountFormValues } from './discount-fields';
import { FieldError, TextField } from '~/components/form-fields';
import { ResultLine } from '~/components/result-line';

/**
 * A discount code's form (new or edit), with react-hook-form. On submit the text fields become
 * the API's input through the shared `zDiscountInput` (`toDiscountInput`); each refusal shows
 * next to its field, and the router's sentence (a code taken, a limit below the uses) under
 * the button.
 */
export function DiscountForm({ discount }: { discount: AdminDiscount | null }) {
  const router = useRouter();
  const [result, setResult] = useState<DiscountActionResult | null>(null);
  const form = useForm<DiscountFormValues>({ defaultValues: toFormValues(discount) });
  const { errors, isSubmitting } = form.formState;
  const type = form.watch('type');
  const currency = form.watch('currencyCode');
  const onSubmit = form.handleSubmit(async (values) => {
    const converted = toDiscountInput(values);
    if (!converted.ok) {
      for (const [field, message] of Object.entries(converted.errors))
        form.setError(field as keyof DiscountFormValues, { message });
      return;
    }
    const answer = discount
      ? await updateDiscountAction(discount.id, converted.input)
      : await createDiscountAction(converted.input);
    setResult(answer);
    if (answer.ok && !discount) router.push(`/discounts/${answer.id}`);
  });
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-2xl space-y-4" aria-label="Discount">
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          id="discount-code"
          label="Code"
          className="input w-full font-mono uppercase"
          autoComplete="off"
          maxLength={64}
          error={errors.code?.message}
          {...form.register('code')}
        />
        <div className="space-y-1">
          <label htmlFor="discount-type" className="block font-medium">
            Type
          </label>
          <select id="discount-type" className="input w-full" {...form.register('type')}>
            <option value="percentage">Percentage off</option>
            <option value="fixed">Fixed amount off</option>
            <option value="free_shipping">Free shipping</option>
          </select>
        </div>
        {type !== 'free_shipping' ? (
          <TextField
            id="discount-value"
            label={type === 'percentage' ? 'Percentage (%)' : 'Amount'}
            inputMode="decimal"
            placeholder={type === 'percentage' ? '10' : '5.00'}
            error={errors.value?.message}
            {...form.register('value')}
          />
        ) : null}
        <div className="space-y-1">
          <label htmlFor="discount-currency" className="block font-medium">
            {type === 'fixed' ? 'Currency' : 'Currency of the minimum'}
          </label>
          <select
            id="discount-currency"
            className="input w-full"
            aria-describedby={
              errors.currencyCode ? 'discount-currencyCode-error' : 'discount-currency-hint'
            }
            aria-invalid={errors.currencyCode ? true : undefined}
            {...form.register('currencyCode')}
          >
            {currency === '' ? <option value="">Choose a currency</option> : null}
            {SUPPORTED_CURRENCIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          <p id="discount-currency-hint" className="text-xs text-neutral-600">
            {type === 'fixed'
              ? 'The amount and the minimum are in this currency; the code works for carts in it only.'
              : 'Used with a minimum only: the code then works for carts in this currency only.'}
          </p>
          <FieldError id="discount-currencyCode-error" message={errors.currencyCode?.message} />
        </div>
        <TextField
          id="discount-minSubtotal"
          label={`Minimum subtotal${currency ? ` in ${currency}` : ''} (empty: none)`}
          inputMode="decimal"
          error={errors.minSubtotal?.message}
          {...form.register('minSubtotal')}
        />
        <TextField
          id="discount-usageLimit"
          label="Usage limit (empty: no limit)"
          inputMode="numeric"
          error={errors.usageLimit?.message}
          {...form.register('usageLimit')}
        />
        <TextField
          id="discount-startsAt"
          label="Starts (UTC; empty: now)"
          type="datetime-local"
          error={errors.startsAt?.message}
          {...form.register('startsAt')}
        />
        <TextField
          id="discount-endsAt"
          label="Ends (UTC; empty: never)"
          type="datetime-local"
          error={errors.endsAt?.message}
          {...form.register('endsAt')}
        />
      </div>
      <label className="flex items-center gap-2">
        <input type="checkbox" {...form.register('oncePerCustomer')} />
        Once per customer (by account, or by email for guests)
      </label>
      <button type="submit" className="button-primary" disabled={isSubmitting}>
        {isSubmitting ? 'Saving…' : discount ? 'Save discount' : 'Create discount'}
      </button>
      <ResultLine result={result} />
    </form>
  );
}

/** Deactivate (archive) or reactivate: shoppers are told an archived code does not exist. */
export function ArchiveButton({ discount }: { discount: AdminDiscount }) {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<DiscountActionResult | null>(null);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button
        type="button"
        className="button-secondary"
        disabled={pending}
        onClick={() =>
          start(async () => setResult(await setArchivedAction(discount.id, !discount.archived)))
        }
      >
        {discount.archived ? 'Reactivate' : 'Deactivate'}
      </button>
      <ResultLine result={result} />
    </div>
  );
}
