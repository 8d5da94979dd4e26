'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { FieldError, ResultLine } from '~/components/form-fields';
import { percentText, zPercentText, type SettingsActionResult } from '../regions/settings-fields';
import { setCountryTaxRateAction } from './actions';

const zCountryRateForm = z.object({ rate: zPercentText });

/**
 * A country's own tax rate: a percentage and Save, or Clear to charge the region's rate again.
 * Validated with the shared schemas (a percentage from 0 to 100) before the server action runs.
 */
export function CountryTaxForm({
  countryCode,
  taxRateBp,
}: {
  countryCode: string;
  taxRateBp: number | null;
}) {
  const [result, setResult] = useState<SettingsActionResult | null>(null);
  const form = useForm<
    z.input<typeof zCountryRateForm>,
    unknown,
    z.output<typeof zCountryRateForm>
  >({
    resolver: zodResolver(zCountryRateForm),
    defaultValues: { rate: taxRateBp === null ? '' : percentText(taxRateBp) },
  });
  const { errors, isSubmitting } = form.formState;
  const id = `tax-${countryCode}`;
  const onSubmit = form.handleSubmit(async ({ rate }) =>
    setResult(await setCountryTaxRateAction(countryCode, rate)),
  );
  const clear = async () => {
    const answer = await setCountryTaxRateAction(countryCode, null);
    if (answer.ok) form.reset({ rate: '' });
    setResult(answer);
  };
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="space-y-1"
      aria-label={`${countryCode} tax rate`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={id} className="sr-only">
          {countryCode} own tax rate (%)
        </label>
        <input
          id={id}
          inputMode="decimal"
          placeholder="Region's"
          className="input w-24"
          aria-invalid={errors.rate ? true : undefined}
          aria-describedby={errors.rate ? `${id}-error` : undefined}
          {...form.register('rate')}
        />
        <span aria-hidden="true">%</span>
        <button type="submit" className="button-secondary" disabled={isSubmitting}>
          Save
        </button>
        {taxRateBp !== null ? (
          <button
            type="button"
            className="button-secondary"
            disabled={isSubmitting}
            onClick={() => void clear()}
          >
            Clear
          </button>
        ) : null}
      </div>
      <FieldError id={`${id}-error`} message={errors.rate?.message} />
      <ResultLine result={result} />
    </form>
  );
}
