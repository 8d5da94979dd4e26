'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useTransition, type FormEvent } from 'react';
import { zRefundReason } from '@shop/validators';
import { requestOrderRefund } from './actions';

/** What the refund panel can offer, decided on the server from the order and the staff role. */
export type RefundAvailability =
  | { kind: 'available'; amountText: string }
  | { kind: 'in-progress'; detail: string }
  | { kind: 'nothing-left' }
  | { kind: 'not-allowed' };

/**
 * The order's refund panel: a reason (it goes to the customer in the refund mail), then a
 * confirm step naming the amount, then the request. The worker performs the refund; the page
 * refreshes to show it queued, and the "requested" message stays until the next navigation.
 */
export function RefundPanel({
  number,
  email,
  availability,
}: {
  number: number;
  email: string;
  availability: RefundAvailability;
}) {
  const router = useRouter();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [isConfirming, setIsConfirming] = useState(false);
  const [requested, setRequested] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (isConfirming) confirmRef.current?.focus();
  }, [isConfirming]);

  function onReview(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = zRefundReason.safeParse(reason);
    if (!checked.success) {
      setReasonError(checked.error.issues[0]?.message ?? 'Enter a reason for the refund');
      reasonRef.current?.focus();
      return;
    }
    setReasonError(null);
    setFormError(null);
    setIsConfirming(true);
  }

  function onBack() {
    setIsConfirming(false);
    reasonRef.current?.focus();
  }

  function onConfirm() {
    if (isPending) return;
    startTransition(async () => {
      try {
        const result = await requestOrderRefund({ number, reason });
        if (!result.ok) {
          setIsConfirming(false);
          setReasonError(result.reasonError);
          setFormError(result.reasonError ? null : result.message);
          return;
        }
        setIsConfirming(false);
        setReason('');
        setRequested(`Refund requested for order #${result.refund.number}.`);
        router.refresh();
      } catch {
        setIsConfirming(false);
        setFormError('The refund could not be requested: the server failed. Try again.');
      }
    });
  }

  const status = requested ? (
    <p role="status" className="rounded-sm bg-success-soft px-3 py-2 font-medium text-success">
      {requested} The customer gets an email once the payment provider confirms it.
    </p>
  ) : (
    // Kept in the page (empty) so that screen readers announce the message when it appears.
    <p role="status" className="sr-only" />
  );

  if (availability.kind !== 'available') {
    return (
      <div className="space-y-3">
        {status}
        <p className="text-neutral-600">{unavailableText(availability)}</p>
      </div>
    );
  }
  const { amountText } = availability;

  return (
    <form onSubmit={onReview} noValidate className="space-y-3">
      {status}
      <div>
        <label htmlFor="refund-reason" className="block font-medium">
          Reason
        </label>
        <p id="refund-reason-hint" className="text-xs text-neutral-600">
          Sent to the customer in the refund email.
        </p>
        <textarea
          ref={reasonRef}
          id="refund-reason"
          name="reason"
          rows={3}
          required
          maxLength={500}
          value={reason}
          readOnly={isConfirming}
          onChange={(e) => {
            setReason(e.target.value);
            setReasonError(null);
            setFormError(null);
          }}
          className="input mt-1 resize-y"
          aria-invalid={reasonError ? true : undefined}
          aria-describedby={
            reasonError ? 'refund-reason-hint refund-reason-error' : 'refund-reason-hint'
          }
        />
        {reasonError ? (
          <p id="refund-reason-error" className="field-error">
            {reasonError}
          </p>
        ) : null}
      </div>

      {formError ? (
        <p
          role="alert"
          className="rounded-sm border border-danger bg-danger-soft px-3 py-2 text-danger"
        >
          {formError}
        </p>
      ) : null}

      {isConfirming ? (
        <div
          role="group"
          aria-labelledby="refund-confirm-text"
          className="space-y-3 rounded-sm border border-danger bg-danger-soft p-3"
          onKeyDown={(e) => {
            if (e.key === 'Escape') onBack();
          }}
        >
          <p id="refund-confirm-text" className="text-neutral-900">
            Refund <strong>{amountText}</strong> to the payment method of{' '}
            <strong className="break-all">{email}</strong>? This cannot be undone.
          </p>
          <div className="flex flex-wrap gap-2">
            <button
              ref={confirmRef}
              type="button"
              onClick={onConfirm}
              disabled={isPending}
              className="inline-flex items-center justify-center rounded-sm bg-danger px-3 py-1.5 text-sm font-medium text-white hover:opacity-90 disabled:cursor-not-allowed disabled:opacity-60"
            >
              {isPending ? 'Requesting…' : `Confirm refund of ${amountText}`}
            </button>
            <button
              type="button"
              onClick={onBack}
              disabled={isPending}
              className="button-secondary"
            >
              Back
            </button>
          </div>
        </div>
      ) : (
        <button type="submit" className="button-secondary">
          Refund {amountText}…
        </button>
      )}
    </form>
  );
}

function unavailableText(availability: Exclude<RefundAvailability, { kind: 'available' }>): string {
  switch (availability.kind) {
    case 'in-progress':
      return availability.detail;
    case 'nothing-left':
      return 'Nothing is left to refund on this order.';
    case 'not-allowed':
      return 'Your role cannot refund orders. Ask an owner or admin.';
  }
}
