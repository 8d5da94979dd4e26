'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import * as Dialog from '@radix-ui/react-dialog';
import { useRouter } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { parseDecimal } from '@shop/money';
import {
  zAdminCancelInput,
  zAdminFulfilInput,
  zAdminOrderNoteInput,
  zRefundReason,
} from '@shop/validators';
import { FormError } from '~/components/form';
import { FieldError, TextAreaField, TextField } from '~/components/form-fields';
import {
  addOrderNoteAction,
  cancelOrderAction,
  fulfilOrderAction,
  refundOrderAction,
  type OrderActionResult,
} from './actions';

/** An order line as the action dialogs need it: what can still ship and still be refunded. */
export interface ActionLine {
  id: number;
  label: string;
  sku: string;
  unshipped: number;
  refundable: number;
}

/** What the page decided the signed-in staff member may do to this order now. */
export interface OrderActionsProps {
  number: number;
  currencyCode: string;
  lines: ActionLine[];
  canFulfil: boolean;
  canCancel: boolean;
  canRefund: boolean;
  canNote: boolean;
  refundableText: string | null;
  /** Why fulfilment is not offered (held, cancelled, nothing left), shown instead of the button. */
  fulfilBlocked: string | null;
}

/** A fresh key per opened dialog: its submits (a double click, a retry) act once. */
const newKey = () => crypto.randomUUID();

/**
 * The order page's actions, one Radix dialog each (focus trapped, Escape closes), each a
 * react-hook-form form validated with the shared zod schemas before the server action runs;
 * the router's sentence is shown in the dialog when it refuses, and the page refreshes after a
 * success with the result announced.
 */
export function OrderActions(props: OrderActionsProps) {
  const router = useRouter();
  const [done, setDone] = useState<string | null>(null);
  const onDone = (message: string) => {
    setDone(message);
    router.refresh();
  };
  return (
    <div className="space-y-3 px-4 py-3">
      <p role="status" className={done ? 'font-medium text-success' : 'sr-only'}>
        {done ?? ''}
      </p>
      <div className="flex flex-wrap gap-2">
        {props.canFulfil && props.fulfilBlocked === null ? (
          <FulfilDialog {...props} onDone={onDone} />
        ) : null}
        {props.canRefund && props.refundableText ? (
          <RefundDialog {...props} onDone={onDone} />
        ) : null}
        {props.canNote ? <NoteDialog number={props.number} onDone={onDone} /> : null}
        {props.canCancel ? <CancelDialog number={props.number} onDone={onDone} /> : null}
      </div>
      {props.canFulfil && props.fulfilBlocked ? (
        <p className="text-neutral-600">{props.fulfilBlocked}</p>
      ) : null}
    </div>
  );
}

/**
 * A dialog's state: open or not, the last refusal, and a fresh idempotency key each time it
 * opens. `finish` shows a refusal in the dialog, or closes it and reports the success.
 */
function useActionDialog(onDone: (message: string) => void) {
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState(newKey);
  const [result, setResult] = useState<OrderActionResult | null>(null);
  return {
    key,
    result,
    refuse: (message: string) => setResult({ ok: false, message }),
    dialog: {
      open,
      onOpenChange: (next: boolean) => {
        setOpen(next);
        if (next) {
          setKey(newKey());
          setResult(null);
        }
      },
    },
    finish(answer: OrderActionResult): boolean {
      setResult(answer);
      if (!answer.ok) return false;
      setOpen(false);
      onDone(answer.message);
      return true;
    },
  };
}

function ActionDialog({
  trigger,
  title,
  description,
  open,
  onOpenChange,
  children,
  danger = false,
}: {
  trigger: string;
  title: string;
  description: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  children: ReactNode;
  danger?: boolean;
}) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Trigger asChild>
        <button
          type="button"
          className={danger ? 'button-secondary text-danger' : 'button-secondary'}
        >
          {trigger}
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-neutral-900/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 max-h-[calc(100dvh-2rem)] w-[min(34rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 space-y-3 overflow-y-auto rounded-lg bg-white p-4 shadow-lg">
          <Dialog.Title className="font-semibold">{title}</Dialog.Title>
          <Dialog.Description className="text-neutral-700">{description}</Dialog.Description>
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function DialogButtons({
  pending,
  label,
  pendingLabel,
}: {
  pending: boolean;
  label: string;
  pendingLabel: string;
}) {
  return (
    <div className="flex justify-end gap-2">
      <Dialog.Close asChild>
        <button type="button" className="button-secondary">
          Close
        </button>
      </Dialog.Close>
      <button type="submit" className="button-primary" disabled={pending}>
        {pending ? pendingLabel : label}
      </button>
    </div>
  );
}

/** A whole number of units from 0 to `max` in a line's quantity box. */
const zUnits = z.coerce
  .number({ message: 'Enter a number of units' })
  .int('Enter a whole number of units')
  .min(0, 'Units cannot be negative');

const zFulfilForm = z.object({
  carrier: zAdminFulfilInput.shape.carrier,
  trackingNumber: zAdminFulfilInput.shape.trackingNumber,
  trackingUrl: z.union([z.literal(''), zAdminFulfilInput.shape.trackingUrl.unwrap()]),
  quantities: z.array(zUnits),
});

function FulfilDialog({
  number,
  lines,
  onDone,
}: OrderActionsProps & { onDone: (message: string) => void }) {
  const shippable = lines.filter((l) => l.unshipped > 0);
  const state = useActionDialog(onDone);
  const form = useForm<z.input<typeof zFulfilForm>, unknown, z.output<typeof zFulfilForm>>({
    resolver: zodResolver(zFulfilForm),
    defaultValues: {
      carrier: '',
      trackingNumber: '',
      trackingUrl: '',
      quantities: shippable.map((l) => l.unshipped),
    },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    const chosen = shippable
      .map((l, i) => ({ orderLineId: l.id, quantity: values.quantities[i] ?? 0, line: l }))
      .filter((c) => c.quantity > 0);
    const tooMany = chosen.find((c) => c.quantity > c.line.unshipped);
    if (tooMany) {
      const i = shippable.indexOf(tooMany.line);
      form.setError(`quantities.${i}`, {
        message: `At most ${tooMany.line.unshipped} of ${tooMany.line.sku} can ship.`,
      });
      return;
    }
    if (chosen.length === 0) return state.refuse('Choose at least one unit to ship.');
    const answer = await fulfilOrderAction({
      number,
      lines: chosen.map(({ orderLineId, quantity }) => ({ orderLineId, quantity })),
      carrier: values.carrier,
      trackingNumber: values.trackingNumber,
      ...(values.trackingUrl ? { trackingUrl: values.trackingUrl } : {}),
      idempotencyKey: state.key,
    });
    state.finish(answer);
  });
  return (
    <ActionDialog
      trigger="Fulfil items…"
      title={`Fulfil order #${number}`}
      description="Choose how many units of each line ship now; the customer gets an email with the tracking."
      {...state.dialog}
    >
      <form onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Fulfil">
        <table className="w-full text-left">
          <thead className="text-xs text-neutral-600 uppercase">
            <tr>
              <th scope="col" className="py-1 font-medium">
                Line
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Ship now
              </th>
            </tr>
          </thead>
          <tbody>
            {shippable.map((l, i) => (
              <tr key={l.id} className="align-top">
                <td className="py-1 pr-2">
                  <label htmlFor={`ship-${l.id}`}>{l.label}</label>
                  <span className="block text-xs text-neutral-600">
                    <span className="font-mono">{l.sku}</span> · {l.unshipped} to ship
                  </span>
                  <FieldError id={`ship-${l.id}-error`} message={errors.quantities?.[i]?.message} />
                </td>
                <td className="py-1 text-right">
                  <input
                    id={`ship-${l.id}`}
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={l.unshipped}
                    className="input w-20 text-right"
                    aria-invalid={errors.quantities?.[i] ? true : undefined}
                    aria-describedby={errors.quantities?.[i] ? `ship-${l.id}-error` : undefined}
                    {...form.register(`quantities.${i}`)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField
            className="input"
            id="carrier"
            label="Carrier"
            error={errors.carrier?.message}
            {...form.register('carrier')}
          />
          <TextField
            className="input"
            id="tracking-number"
            label="Tracking number"
            error={errors.trackingNumber?.message}
            {...form.register('trackingNumber')}
          />
        </div>
        <TextField
          className="input"
          id="tracking-url"
          label="Tracking link (optional)"
          type="url"
          error={errors.trackingUrl?.message}
          {...form.register('trackingUrl')}
        />
        <FormError state={state.result} />
        <DialogButtons pending={isSubmitting} label="Mark as shipped" pendingLabel="Saving…" />
      </form>
    </ActionDialog>
  );
}

const zRefundForm = z.object({
  mode: z.enum(['all', 'amount', 'lines']),
  amount: z.string(),
  quantities: z.array(zUnits),
  restock: z.boolean(),
  reason: zRefundReason,
});

function RefundDialog({
  number,
  currencyCode,
  lines,
  refundableText,
  onDone,
}: OrderActionsProps & { onDone: (message: string) => void }) {
  const refundable = lines.filter((l) => l.refundable > 0);
  const state = useActionDialog(onDone);
  const form = useForm<z.input<typeof zRefundForm>, unknown, z.output<typeof zRefundForm>>({
    resolver: zodResolver(zRefundForm),
    defaultValues: {
      mode: 'all',
      amount: '',
      quantities: refundable.map(() => 0),
      restock: true,
      reason: '',
    },
  });
  const { errors, isSubmitting } = form.formState;
  const mode = form.watch('mode');
  const onSubmit = form.handleSubmit(async (values) => {
    let amount: number | undefined;
    if (values.mode === 'amount') {
      const parsed = parseAmount(values.amount, currencyCode);
      if (typeof parsed === 'string') return form.setError('amount', { message: parsed });
      amount = parsed;
    }
    const chosen =
      values.mode === 'lines'
        ? refundable
            .map((l, i) => ({ orderLineId: l.id, quantity: values.quantities[i] ?? 0 }))
            .filter((c) => c.quantity > 0)
        : undefined;
    if (chosen && chosen.length === 0) return state.refuse('Choose at least one unit to refund.');
    const answer = await refundOrderAction({
      number,
      reason: values.reason,
      ...(amount !== undefined ? { amount } : {}),
      ...(chosen ? { lines: chosen, restock: values.restock } : {}),
    });
    state.finish(answer);
  });
  return (
    <ActionDialog
      trigger="Refund…"
      title={`Refund order #${number}`}
      description={`Up to ${refundableText ?? ''} can be refunded. The worker refunds through the payment provider; the customer gets an email.`}
      {...state.dialog}
    >
      <form onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Refund">
        <fieldset className="space-y-1">
          <legend className="font-medium">What to refund</legend>
          {(
            [
              ['all', `Everything left (${refundableText ?? ''})`],
              ['amount', 'An amount'],
              ['lines', 'Items'],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="flex items-center gap-2">
              <input type="radio" value={value} {...form.register('mode')} />
              {label}
            </label>
          ))}
        </fieldset>
        {mode === 'amount' ? (
          <TextField
            className="input"
            id="refund-amount"
            label={`Amount (${currencyCode})`}
            error={errors.amount?.message}
            {...form.register('amount')}
          />
        ) : null}
        {mode === 'lines' ? (
          <div className="space-y-2">
            {refundable.map((l, i) => (
              <div key={l.id} className="flex items-start justify-between gap-2">
                <label htmlFor={`refund-${l.id}`}>
                  {l.label}
                  <span className="block text-xs text-neutral-600">
                    <span className="font-mono">{l.sku}</span> · up to {l.refundable}
                  </span>
                </label>
                <input
                  id={`refund-${l.id}`}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={l.refundable}
                  className="input w-20 text-right"
                  {...form.register(`quantities.${i}`)}
                />
              </div>
            ))}
            <label className="flex items-center gap-2">
              <input type="checkbox" {...form.register('restock')} />
              Put the units back in stock
            </label>
          </div>
        ) : null}
        <TextAreaField
          id="refund-reason"
          label="Reason"
          rows={3}
          maxLength={500}
          error={errors.reason?.message}
          {...form.register('reason')}
        />
        <FormError state={state.result} />
        <DialogButtons pending={isSubmitting} label="Request refund" pendingLabel="Requesting…" />
      </form>
    </ActionDialog>
  );
}

/** Decimal text in the order's currency to minor units, or the sentence why not. */
function parseAmount(text: string, currencyCode: string): number | string {
  const parsed = parseDecimal(text, currencyCode);
  if (!parsed.ok) return parsed.error;
  return parsed.amount > 0 ? parsed.amount : 'The refund amount must be more than zero.';
}

const zCancelForm = zAdminCancelInput.pick({ reason: true });

function CancelDialog({ number, onDone }: { number: number; onDone: (message: string) => void }) {
  const state = useActionDialog(onDone);
  const form = useForm<z.input<typeof zCancelForm>, unknown, z.output<typeof zCancelForm>>({
    resolver: zodResolver(zCancelForm),
    defaultValues: { reason: '' },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    state.finish(await cancelOrderAction({ number, reason: values.reason }));
  });
  return (
    <ActionDialog
      trigger="Cancel order…"
      title={`Cancel order #${number}?`}
      description="Units not shipped go back in stock and what the customer paid for them is refunded. Shipped units stay shipped. This cannot be undone."
      {...state.dialog}
      danger
    >
      <form onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Cancel order">
        <TextField
          className="input"
          id="cancel-reason"
          label="Reason"
          error={errors.reason?.message}
          {...form.register('reason')}
        />
        <FormError state={state.result} />
        <DialogButtons pending={isSubmitting} label="Cancel order" pendingLabel="Cancelling…" />
      </form>
    </ActionDialog>
  );
}

const zNoteForm = zAdminOrderNoteInput.pick({ note: true });

function NoteDialog({ number, onDone }: { number: number; onDone: (message: string) => void }) {
  const state = useActionDialog(onDone);
  const form = useForm<z.input<typeof zNoteForm>, unknown, z.output<typeof zNoteForm>>({
    resolver: zodResolver(zNoteForm),
    defaultValues: { note: '' },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    const answer = await addOrderNoteAction({
      number,
      note: values.note,
      idempotencyKey: state.key,
    });
    if (state.finish(answer)) form.reset({ note: '' });
  });
  return (
    <ActionDialog
      trigger="Add note…"
      title={`Note on order #${number}`}
      description="Staff see notes on the timeline; the customer does not."
      {...state.dialog}
    >
      <form onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Add note">
        <TextAreaField
          id="order-note"
          label="Note"
          rows={4}
          maxLength={2000}
          error={errors.note?.message}
          {...form.register('note')}
        />
        <FormError state={state.result} />
        <DialogButtons pending={isSubmitting} label="Add note" pendingLabel="Adding…" />
      </form>
    </ActionDialog>
  );
}
