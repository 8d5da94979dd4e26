'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { SUPPORTED_CURRENCIES } from '@shop/money';
import {
  COUNTRY_CODES,
  zCurrencyCode,
  zRegionAdminCode,
  zRegionInput,
  type AdminRegion,
} from '@shop/validators';
import { FieldError, ResultLine, TextAreaField, TextField } from '~/components/form-fields';
import {
  createRegionAction,
  deleteRegionAction,
  setCountriesAction,
  updateRegionAction,
} from './actions';
import { DeleteButton } from './delete-button';
import { percentText, zPercentText, type SettingsActionResult } from './settings-fields';

/** The region form's fields, read into `zRegionInput` (the rate typed as a percentage). */
const zRegionForm = z
  .object({
    code: zRegionAdminCode,
    name: zRegionInput.shape.name,
    currencyCode: zCurrencyCode,
    taxInclusive: z.boolean(),
    taxRate: zPercentText,
    isDefault: z.boolean(),
  })
  .transform(({ taxRate, ...region }) => ({ ...region, taxRateBp: taxRate }));

type RegionFormInput = z.input<typeof zRegionForm>;

function formValues(region: AdminRegion | null): RegionFormInput {
  return {
    code: region?.code ?? '',
    name: region?.name ?? '',
    currencyCode: region?.currencyCode ?? 'EUR',
    taxInclusive: region?.taxInclusive ?? true,
    taxRate: region ? percentText(region.taxRateBp) : '0',
    isDefault: region?.isDefault ?? false,
  };
}

/**
 * A region's settings (new, or edit with `region`), with react-hook-form and the shared zod
 * schemas; the router's sentence (a code taken, the default kept) shows under the button, with
 * the warning when active variants have no price in the currency.
 */
export function RegionForm({ region }: { region: AdminRegion | null }) {
  const router = useRouter();
  const [result, setResult] = useState<SettingsActionResult | null>(null);
  const form = useForm<RegionFormInput, unknown, z.output<typeof zRegionForm>>({
    resolver: zodResolver(zRegionForm),
    defaultValues: formValues(region),
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (input) => {
    const answer = region
      ? await updateRegionAction(region.id, input)
      : await createRegionAction(input);
    setResult(answer);
    if (answer.ok && !region) {
      form.reset(formValues(null));
      router.refresh();
    }
  });
  const prefix = region ? `region-${region.id}` : 'region-new';
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="max-w-2xl space-y-4"
      aria-label={region ? 'Region settings' : 'New region'}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          id={`${prefix}-name`}
          label="Name"
          autoComplete="off"
          error={errors.name?.message}
          {...form.register('name')}
        />
        <TextField
          id={`${prefix}-code`}
          label="Code (storefront address)"
          className="input w-full font-mono"
          autoComplete="off"
          maxLength={8}
          error={errors.code?.message}
          {...form.register('code')}
        />
        <div className="space-y-1">
          <label htmlFor={`${prefix}-currency`} className="block font-medium">
            Currency
          </label>
          <select
            id={`${prefix}-currency`}
            className="input w-full"
            aria-invalid={errors.currencyCode ? true : undefined}
            aria-describedby={errors.currencyCode ? `${prefix}-currency-error` : undefined}
            {...form.register('currencyCode')}
          >
            {SUPPORTED_CURRENCIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          <FieldError id={`${prefix}-currency-error`} message={errors.currencyCode?.message} />
        </div>
        <TextField
          id={`${prefix}-tax`}
          label="Default tax rate (%)"
          inputMode="decimal"
          error={errors.taxRate?.message}
          {...form.register('taxRate')}
        />
      </div>
      <label className="flex items-center gap-2">
        <input type="checkbox" {...form.register('taxInclusive')} />
        Prices include tax (the shelf price is what shoppers pay)
      </label>
      <label className="flex items-center gap-2">
        <input type="checkbox" {...form.register('isDefault')} />
        Default region (where shoppers land; the previous default stops being it)
      </label>
      <button type="submit" className="button-primary" disabled={isSubmitting}>
        {isSubmitting ? 'Saving…' : region ? 'Save region' : 'Create region'}
      </button>
      <ResultLine result={result} />
    </form>
  );
}

/** "de, FR nl" → ["DE", "FR", "NL"]; each checked against ISO 3166. */
const zCountriesForm = z.object({
  countries: z.string().transform((text, ctx) => {
    const codes = text
      .split(/[\s,;]+/)
      .map((c) => c.trim().toUpperCase())
      .filter((c) => c !== '');
    const unknown = codes.find((c) => !COUNTRY_CODES.includes(c));
    if (unknown !== undefined) {
      ctx.addIssue({ code: 'custom', message: `"${unknown}" is not an ISO 3166 country code` });
      return z.NEVER;
    }
    return [...new Set(codes)];
  }),
});

/**
 * The countries a region ships to, as two-letter codes. Saving replaces the list; a country in
 * another region is refused with that region's name.
 */
export function CountriesForm({ region }: { region: AdminRegion }) {
  const [result, setResult] = useState<SettingsActionResult | null>(null);
  const form = useForm<z.input<typeof zCountriesForm>, unknown, z.output<typeof zCountriesForm>>({
    resolver: zodResolver(zCountriesForm),
    defaultValues: { countries: region.countries.map((c) => c.countryCode).join(', ') },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async ({ countries }) =>
    setResult(await setCountriesAction(region.id, countries)),
  );
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-2xl space-y-3" aria-label="Countries">
      <TextAreaField
        id={`region-${region.id}-countries`}
        label="Countries (ISO 3166 codes, separated by commas)"
        rows={3}
        className="input w-full resize-y font-mono"
        error={errors.countries?.message}
        {...form.register('countries')}
      />
      <button type="submit" className="button-primary" disabled={isSubmitting}>
        {isSubmitting ? 'Saving…' : 'Save countries'}
      </button>
      <ResultLine result={result} />
    </form>
  );
}

/** Deletes the region after asking; refused (in the dialog) while carts or orders use it. */
export function DeleteRegionButton({ region }: { region: AdminRegion }) {
  return (
    <DeleteButton
      name={region.name}
      description="Its countries and shipping options are deleted with it. A region with carts or orders cannot be deleted."
      remove={() => deleteRegionAction(region.id)}
      then="/settings/regions"
    />
  );
}
