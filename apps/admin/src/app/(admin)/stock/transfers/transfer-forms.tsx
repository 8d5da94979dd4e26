'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState, useTransition } from 'react';
import { useFieldArray, useForm } from 'react-hook-form';
import { z } from 'zod';
import type { StockLocation, Transfer } from '@shop/validators';
import { Badge } from '~/components/badge';
import { DataTable, type DataColumn } from '~/components/data-table';
import { formatWhen } from '~/lib/format';
import { createTransferAction, settleTransferAction, type StockActionResult } from '../actions';
import { ResultLine } from '~/components/result-line';

/** The form's shape: lines by SKU (the action resolves them), the rest as the API takes it. */
const zTransferForm = z
  .object({
    fromLocationId: z.number({ message: 'Choose where the units leave from' }).int().positive(),
    toLocationId: z.number({ message: 'Choose where the units go' }).int().positive(),
    note: z.string().trim().max(500, 'note must be at most 500 characters'),
    lines: z
      .array(
        z.object({
          sku: z.string().trim().min(1, 'SKU is required').max(200),
          quantity: z
            .number({ message: 'Quantity must be a number of units' })
            .int('Quantity must be a whole number of units')
            .min(1, 'Quantity must be at least 1'),
        }),
      )
      .min(1, 'Add at least one line'),
  })
  .refine((v) => v.fromLocationId !== v.toLocationId, {
    path: ['toLocationId'],
    message: 'A transfer goes to another location than the one it leaves',
  });
type TransferForm = z.infer<typeof zTransferForm>;

/**
 * A new transfer: from, to, lines of SKU and quantity, a note. The form holds an idempotency key
 * made when it opens and sent with every submit, so a double submit or a retry creates one
 * transfer; a created transfer clears the form and makes a new key for the next one.
 */
export function CreateTransferForm({ locations }: { locations: readonly StockLocation[] }) {
  const [result, setResult] = useState<StockActionResult | null>(null);
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const form = useForm<TransferForm>({
    resolver: zodResolver(zTransferForm),
    defaultValues: {
      fromLocationId: locations[0]?.id,
      toLocationId: locations[1]?.id,
      note: '',
      lines: [{ sku: '', quantity: 1 }],
    },
  });
  const lines = useFieldArray({ control: form.control, name: 'lines' });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    const answer = await createTransferAction({ ...values, idempotencyKey });
    setResult(answer);
    if (answer.ok) {
      form.reset();
      setIdempotencyKey(crypto.randomUUID());
    }
  });
  if (locations.length < 2)
    return <p className="text-neutral-600">Transfers need at least two stock locations.</p>;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3" aria-label="New transfer">
      <div className="grid gap-3 sm:grid-cols-2">
        {(['fromLocationId', 'toLocationId'] as const).map((name) => (
          <div key={name} className="space-y-1">
            <label htmlFor={`transfer-${name}`} className="block font-medium">
              {name === 'fromLocationId' ? 'From' : 'To'}
            </label>
            <select
              id={`transfer-${name}`}
              className="input w-full"
              {...form.register(name, { valueAsNumber: true })}
            >
              {locations.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name} ({l.code})
                </option>
              ))}
            </select>
            {errors[name] ? <p className="field-error">{errors[name].message}</p> : null}
          </div>
        ))}
      </div>
      <fieldset className="space-y-2">
        <legend className="font-medium">Lines</legend>
        {lines.fields.map((field, index) => (
          <div key={field.id} className="flex flex-wrap items-start gap-2">
            <div>
              <label htmlFor={`line-${index}-sku`} className="sr-only">
                SKU of line {index + 1}
              </label>
              <input
                id={`line-${index}-sku`}
                placeholder="SKU"
                className="input w-48 font-mono"
                {...form.register(`lines.${index}.sku`)}
              />
              {errors.lines?.[index]?.sku ? (
                <p className="field-error">{errors.lines[index].sku.message}</p>
              ) : null}
            </div>
            <div>
              <label htmlFor={`line-${index}-quantity`} className="sr-only">
                Quantity of line {index + 1}
              </label>
              <input
                id={`line-${index}-quantity`}
                type="number"
                min={1}
                step={1}
                className="input w-24"
                {...form.register(`lines.${index}.quantity`, { valueAsNumber: true })}
              />
              {errors.lines?.[index]?.quantity ? (
                <p className="field-error">{errors.lines[index].quantity.message}</p>
              ) : null}
            </div>
            {lines.fields.length > 1 ? (
              <button
                type="button"
                className="button-secondary"
                onClick={() => lines.remove(index)}
                aria-label={`Remove line ${index + 1}`}
              >
                Remove
              </button>
            ) : null}
          </div>
        ))}
        <button
          type="button"
          className="button-secondary"
          onClick={() => lines.append({ sku: '', quantity: 1 })}
        >
          Add a line
        </button>
      </fieldset>
      <div className="space-y-1">
        <label htmlFor="transfer-note" className="block font-medium">
          Note
        </label>
        <input id="transfer-note" className="input w-full" {...form.register('note')} />
      </div>
      <button type="submit" className="button-primary" disabled={isSubmitting}>
        {isSubmitting ? 'Creating…' : 'Create transfer'}
      </button>
      <ResultLine result={result} />
    </form>
  );
}

/** Receive or cancel: one click, the button disabled while it runs (a second one is harmless). */
function SettleButtons({ transfer }: { transfer: Transfer }) {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<StockActionResult | null>(null);
  if (transfer.status !== 'pending') return null;
  const settle = (step: 'receive' | 'cancel') =>
    start(async () => setResult(await settleTransferAction({ transferId: transfer.id, step })));
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button
        type="button"
        className="button-secondary"
        disabled={pending}
        onClick={() => settle('receive')}
      >
        Receive
      </button>
      <button
        type="button"
        className="button-secondary"
        disabled={pending}
        onClick={() => settle('cancel')}
      >
        Cancel
      </button>
      {result && !result.ok ? <ResultLine result={result} /> : null}
    </div>
  );
}

const statusStyle: Record<Transfer['status'], string> = {
  pending: 'bg-neutral-100 text-neutral-700',
  received: 'bg-success-soft text-success',
  canceled: 'bg-neutral-100 text-neutral-500',
};

const columns: ReadonlyArray<DataColumn<Transfer>> = [
  { id: 'id', header: 'Transfer', cell: (t) => `#${t.id}` },
  { id: 'route', header: 'From → to', cell: (t) => `${t.from.code} → ${t.to.code}` },
  {
    id: 'lines',
    header: 'Lines',
    cell: (t) => t.lines.map((l) => `${l.sku} × ${l.quantity}`).join(', '),
  },
  {
    id: 'status',
    header: 'Status',
    cell: (t) => <Badge label={t.status} className={statusStyle[t.status]} />,
  },
  {
    id: 'when',
    header: 'Created',
    cell: (t) => `${formatWhen(t.createdAt)} by ${t.createdBy}`,
    className: 'text-neutral-600',
  },
  {
    id: 'actions',
    header: <span className="sr-only">Actions</span>,
    cell: (t) => <SettleButtons transfer={t} />,
  },
];

const rowKey = (t: Transfer) => String(t.id);

export function TransferTable({
  rows,
  pager,
}: {
  rows: readonly Transfer[];
  pager: { previous: string | null; next: string | null };
}) {
  return (
    <DataTable
      label="Stock transfers, newest first"
      columns={columns}
      rows={rows}
      rowKey={rowKey}
      empty="No transfers yet."
      pager={pager}
    />
  );
}
