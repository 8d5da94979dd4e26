'use client';

import { useActionState } from 'react';

/** What a one-button action answers: a sentence to show on success (or none), or a refusal. */
export type ButtonActionResult = { ok: true; message?: string } | { ok: false; message: string };

/**
 * One button that runs a server action with hidden fields (revoke, delete, redeliver), its
 * outcome beneath: a refusal as an alert, a success's sentence (when it has one) as a status.
 */
export function ActionButton<S extends ButtonActionResult>({
  action: run,
  fields,
  label,
  pendingLabel,
  ariaLabel,
  confirm,
}: {
  action: (previous: S | null, form: FormData) => Promise<S | null>;
  fields: Record<string, string | number>;
  label: string;
  pendingLabel: string;
  ariaLabel?: string;
  /** Asked before submitting; cancelling submits nothing. */
  confirm?: string;
}) {
  const [state, action, pending] = useActionState<S | null, FormData>(run, null);
  return (
    <form
      action={action}
      className="space-y-1"
      onSubmit={(e) => {
        if (confirm && !window.confirm(confirm)) e.preventDefault();
      }}
    >
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className="button-secondary" disabled={pending} aria-label={ariaLabel}>
        {pending ? pendingLabel : label}
      </button>
      {state && !state.ok ? (
        <p role="alert" className="field-error">
          {state.message}
        </p>
      ) : null}
      {state?.ok && state.message ? (
        <p role="status" className="text-sm text-success">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
