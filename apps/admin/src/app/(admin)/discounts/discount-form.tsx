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
  const error = (field: keyof DiscountFormValues) =>
    errors[field]?.message ? (
      <p id={`discount-${field}-error`} className="field-error">
        {errors[field].message}
      </p>
    ) : null;
  const describedBy = (field: keyof DiscountFormValues) =>
    errors[field] ? { 'aria-invalid': true, 'aria-describedby': `discount-${field}-error` } : {};
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-2xl space-y-4" aria-label="Discount">
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="space-y-1">
          <label htmlFor="discount-code" className="block font-medium">
            Code
          </label>
          <input
            id="discount-code"
            className="input w-full font-mono uppercase"
            autoComplete="off"
            maxLength={64}
            {...describedBy('code')}
            {...form.register('code')}
          />
          {error('code')}
        </div>
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
          <div className="space-y-1">
            <label htmlFor="discount-value" className="block font-medium">
              {type === 'percentage' ? 'Percentage (%)' : 'Amount'}
            </label>
            <input
              id="discount-value"
              inputMode="decimal"
              className="input w-full"
              placeholder={type === 'percentage' ? '10' : '5.00'}
              {...describedBy('value')}
              {...form.register('value')}
            />
            {error('value')}
          </div>
        ) : null}
        <div className="space-y-1">
          <label htmlFor="discount-currency" className="block font-medium">
            {type === 'fixed' ? 'Currency' : 'Currency of the minimum'}
          </label>
          <select
            id="discount-currency"
            className="input w-full"
            {...describedBy('currencyCode')}
            {...form.register('currencyCode')}
          >
            {SUPPORTED_CURRENCIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          {error('currencyCode')}
        </div>
        <div className="space-y-1">
          <label htmlFor="discount-minSubtotal" className="block font-medium">
            Minimum subtotal (empty: none)
          </label>
          <input
            id="discount-minSubtotal"
            inputMode="decimal"
            className="input w-full"
            {...describedBy('minSubtotal')}
            {...form.register('minSubtotal')}
          />
          {error('minSubtotal')}
        </div>
        <div className="space-y-1">
          <label htmlFor="discount-usageLimit" className="block font-medium">
            Usage limit (empty: no limit)
          </label>
          <input
            id="discount-usageLimit"
            inputMode="numeric"
            className="input w-full"
            {...describedBy('usageLimit')}
            {...form.register('usageLimit')}
          />
          {error('usageLimit')}
        </div>
        <div className="space-y-1">
          <label htmlFor="discount-startsAt" className="block font-medium">
            Starts (UTC; empty: now)
          </label>
          <input
            id="discount-startsAt"
            type="datetime-local"
            className="input w-full"
            {...describedBy('startsAt')}
            {...form.register('startsAt')}
          />
          {error('startsAt')}
        </div>
        <div className="space-y-1">
          <label htmlFor="discount-endsAt" className="block font-medium">
            Ends (UTC; empty: never)
          </label>
          <input
            id="discount-endsAt"
            type="datetime-local"
            className="input w-full"
            {...describedBy('endsAt')}
            {...form.register('endsAt')}
          />
          {error('endsAt')}
        </div>
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
