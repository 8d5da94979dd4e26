'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import {
  STOCK_ADJUST_REASONS,
  zLowStockThresholdInput,
  zStockAdjustInput,
  type StockLocation,
} from '@shop/validators';
import { adjustStockAction, setThresholdAction, type StockActionResult } from '../actions';
import { FieldError, TextField } from '~/components/form-fields';
import { ResultLine } from '~/components/result-line';

const reasonLabels: Record<(typeof STOCK_ADJUST_REASONS)[number], string> = {
  received: 'Received (a delivery)',
  correction: 'Correction (a count)',
  damaged: 'Damaged',
  returned: 'Returned by a customer',
  lost: 'Lost or stolen',
  other: 'Other (say why in the note)',
};

type AdjustValues = z.input<typeof zStockAdjustInput>;

/**
 * Adds or removes units at one location with a reason and a note. The form sends the on-hand
 * count it shows for that location, so submitting it twice (or after someone else's change)
 * is refused with the new count instead of applied twice.
 */
export function AdjustStockForm({
  variantId,
  locations,
  onHandByLocation,
}: {
  variantId: number;
  locations: readonly StockLocation[];
  onHandByLocation: Record<string, number>;
}) {
  const [result, setResult] = useState<StockActionResult | null>(null);
  const form = useForm<AdjustValues, unknown, z.output<typeof zStockAdjustInput>>({
    resolver: zodResolver(zStockAdjustInput),
    defaultValues: { variantId, locationId: locations[0]?.id, reason: 'received', note: '' },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    const code = locations.find((l) => l.id === values.locationId)?.code ?? '';
    const answer = await adjustStockAction({
      ...values,
      expectedOnHand: onHandByLocation[code] ?? 0,
    });
    setResult(answer);
    if (answer.ok) form.reset({ ...values, delta: undefined, note: '' });
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Adjust stock">
      <div className="grid gap-3 sm:grid-cols-3">
        <div className="space-y-1">
          <label htmlFor="adjust-location" className="block font-medium">
            Location
          </label>
          <select
            id="adjust-location"
            className="input w-full"
            {...form.register('locationId', { valueAsNumber: true })}
          >
            {locations.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name} ({l.code}): {onHandByLocation[l.code] ?? 0} on hand
              </option>
            ))}
          </select>
        </div>
        <TextField
          id="adjust-delta"
          label="Change (units, − to remove)"
          type="number"
          step={1}
          inputMode="numeric"
          error={errors.delta?.message}
          {...form.register('delta', { valueAsNumber: true })}
        />
        <div className="space-y-1">
          <label htmlFor="adjust-reason" className="block font-medium">
            Reason
          </label>
          <select id="adjust-reason" className="input w-full" {...form.register('reason')}>
            {STOCK_ADJUST_REASONS.map((r) => (
              <option key={r} value={r}>
                {reasonLabels[r]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <TextField
        id="adjust-note"
        label="Note"
        maxLength={500}
        placeholder="Delivery 4411, shelf B"
        error={errors.note?.message}
        {...form.register('note')}
      />
      <button type="submit" className="button-primary" disabled={isSubmitting}>
        {isSubmitting ? 'Saving…' : 'Adjust stock'}
      </button>
      <ResultLine result={result} />
    </form>
  );
}

type ThresholdValues = { threshold: string };

/** The low-stock threshold: a whole number of available units, or empty for no alert. */
export function ThresholdForm({
  variantId,
  threshold,
}: {
  variantId: number;
  threshold: number | null;
}) {
  const [result, setResult] = useState<StockActionResult | null>(null);
  const form = useForm<ThresholdValues>({
    defaultValues: { threshold: threshold === null ? '' : String(threshold) },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    const text = values.threshold.trim();
    const parsed = zLowStockThresholdInput.safeParse({
      variantId,
      threshold: text === '' ? null : Number(text),
    });
    if (!parsed.success) {
      form.setError('threshold', { message: parsed.error.issues[0]?.message });
      return;
    }
    setResult(await setThresholdAction(parsed.data));
  });
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-end gap-2">
      <div className="space-y-1">
        <label htmlFor="threshold" className="block font-medium">
          Low at (available units; empty: no alert)
        </label>
        <input
          id="threshold"
          inputMode="numeric"
          className="input w-32"
          aria-invalid={errors.threshold ? true : undefined}
          aria-describedby={errors.threshold ? 'threshold-error' : undefined}
          {...form.register('threshold')}
        />
      </div>
      <button type="submit" className="button-secondary" disabled={isSubmitting}>
        {isSubmitting ? 'Saving…' : 'Save threshold'}
      </button>
      <div className="basis-full">
        <FieldError id="threshold-error" message={errors.threshold?.message} />
        <ResultLine result={result} />
      </div>
    </form>
  );
}
