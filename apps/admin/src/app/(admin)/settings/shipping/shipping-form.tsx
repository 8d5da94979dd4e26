'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm, type Resolver } from 'react-hook-form';
import { z } from 'zod';
import { toDecimal } from '@shop/money';
import {
  zShippingOptionInput,
  zShippingOptionType,
  type AdminShippingOption,
} from '@shop/validators';
import { FieldError, ResultLine, TextField } from '~/components/form-fields';
import { zAmountText, type SettingsActionResult } from '../regions/settings-fields';
import { createShippingAction, updateShippingAction } from './actions';

/** A region the form offers, with the currency its amounts are typed in. */
export interface ShippingRegion {
  id: number;
  name: string;
  currencyCode: string;
}

interface ShippingFormValues {
  regionId: string;
  name: string;
  type: z.infer<typeof zShippingOptionType>;
  amount: string;
  freeOverAmount: string;
  active: boolean;
}

/**
 * The form's text read in the region's currency, then checked by the shared
 * `zShippingOptionInput` (a free-over option needs its threshold, amounts are whole minor units).
 */
function zShippingForm(currencyCode: string) {
  const amount = zAmountText(currencyCode);
  return z
    .object({
      regionId: z.string().transform(Number),
      name: z.string(),
      type: zShippingOptionType,
      amount,
      freeOverAmount: z.string(),
      active: z.boolean(),
    })
    .transform((v, ctx) => {
      let freeOverAmount: number | null = null;
      if (v.type === 'free_over' && v.freeOverAmount.trim() !== '') {
        const parsed = amount.safeParse(v.freeOverAmount);
        if (!parsed.success) {
          for (const issue of parsed.error.issues)
            ctx.addIssue({ code: 'custom', path: ['freeOverAmount'], message: issue.message });
          return z.NEVER;
        }
        freeOverAmount = parsed.data;
      }
      // The shared rules, each on the field it is about (a free-over option needs its threshold).
      const checked = zShippingOptionInput.safeParse({ ...v, freeOverAmount });
      if (!checked.success) {
        for (const issue of checked.error.issues)
          ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
        return z.NEVER;
      }
      return checked.data;
    });
}

type ShippingFormOutput = z.output<ReturnType<typeof zShippingForm>>;

function formValues(option: AdminShippingOption | null, regions: ShippingRegion[]) {
  const currency = option?.currencyCode ?? regions[0]?.currencyCode ?? 'USD';
  return {
    regionId: String(option?.regionId ?? regions[0]?.id ?? ''),
    name: option?.name ?? '',
    type: option?.type ?? 'flat',
    amount: option ? toDecimal(option.amount, currency) : '',
    freeOverAmount:
      option?.freeOverAmount != null ? toDecimal(option.freeOverAmount, currency) : '',
    active: option?.active ?? true,
  } satisfies ShippingFormValues;
}

/**
 * A shipping option (new: in the region chosen; edit: `option`), with react-hook-form. Amounts
 * are typed in the region's currency ("4.99") and sent as minor units; the router's sentence (a
 * name the region already has) shows under the button.
 */
export function ShippingForm({
  option,
  regions,
}: {
  option: AdminShippingOption | null;
  regions: ShippingRegion[];
}) {
  const router = useRouter();
  const [result, setResult] = useState<SettingsActionResult | null>(null);
  const currencyOf = (regionId: string) =>
    regions.find((r) => String(r.id) === regionId)?.currencyCode ?? 'USD';
  const resolver: Resolver<ShippingFormValues, unknown, ShippingFormOutput> = (values, ...rest) =>
    zodResolver(zShippingForm(currencyOf(values.regionId)))(values, ...rest);
  const form = useForm<ShippingFormValues, unknown, ShippingFormOutput>({
    resolver,
    defaultValues: formValues(option, regions),
  });
  const { errors, isSubmitting } = form.formState;
  const type = form.watch('type');
  const currency = currencyOf(form.watch('regionId'));
  const onSubmit = form.handleSubmit(async ({ regionId, ...fields }) => {
    const answer = option
      ? await updateShippingAction(option.id, fields)
      : await createShippingAction({ regionId, ...fields });
    setResult(answer);
    if (answer.ok && !option) {
      form.reset({ ...formValues(null, regions), regionId: String(regionId) });
      router.refresh();
    }
  });
  const prefix = option ? `shipping-${option.id}` : 'shipping-new';
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="max-w-2xl space-y-4"
      aria-label={option ? 'Shipping option' : 'New shipping option'}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        {option ? null : (
          <div className="space-y-1">
            <label htmlFor={`${prefix}-region`} className="block font-medium">
              Region
            </label>
            <select id={`${prefix}-region`} className="input w-full" {...form.register('regionId')}>
              {regions.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name} ({r.currencyCode})
                </option>
              ))}
            </select>
          </div>
        )}
        <TextField
          id={`${prefix}-name`}
          label="Name (shoppers see it)"
          autoComplete="off"
          error={errors.name?.message}
          {...form.register('name')}
        />
        <div className="space-y-1">
          <label htmlFor={`${prefix}-type`} className="block font-medium">
            Type
          </label>
          <select id={`${prefix}-type`} className="input w-full" {...form.register('type')}>
            <option value="flat">Flat rate</option>
            <option value="free_over">Free over a subtotal</option>
          </select>
        </div>
        <TextField
          id={`${prefix}-amount`}
          label={`Price (${currency})`}
          inputMode="decimal"
          error={errors.amount?.message}
          {...form.register('amount')}
        />
        {type === 'free_over' ? (
          <TextField
            id={`${prefix}-free-over`}
            label={`Free from a subtotal of (${currency})`}
            inputMode="decimal"
            error={errors.freeOverAmount?.message}
            {...form.register('freeOverAmount')}
          />
        ) : null}
      </div>
      <label className="flex items-center gap-2">
        <input type="checkbox" {...form.register('active')} />
        Active (offered at checkout)
      </label>
      <FieldError id={`${prefix}-region-error`} message={errors.regionId?.message} />
      <button type="submit" className="button-primary" disabled={isSubmitting}>
        {isSubmitting ? 'Saving…' : option ? 'Save shipping option' : 'Add shipping option'}
      </button>
      <ResultLine result={result} />
    </form>
  );
}
