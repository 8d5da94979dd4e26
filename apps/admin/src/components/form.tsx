import type { ReactNode } from 'react';

/** The pieces of the admin's forms: a labelled field, the submit button, the refusal. */

/** A field under its label; `children` is the control, whose id is `htmlFor`. */
export function Field({
  htmlFor,
  label,
  children,
}: {
  htmlFor: string;
  label: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={htmlFor} className="block font-medium">
        {label}
      </label>
      {children}
    </div>
  );
}

/** The form's main button, disabled and saying `pendingLabel` while the action runs. */
export function SubmitButton({
  pending,
  label,
  pendingLabel,
}: {
  pending: boolean;
  label: string;
  pendingLabel: string;
}) {
  return (
    <button type="submit" className="button-primary" disabled={pending}>
      {pending ? pendingLabel : label}
    </button>
  );
}

/**
 * A refused action's sentence, announced as an alert; `id` ties it to the field it is about
 * (`aria-describedby`). Nothing before the first submit or after a success.
 */
export function FormError({
  id,
  state,
}: {
  id?: string;
  state: { ok: boolean; message?: string } | null;
}) {
  return state && !state.ok ? (
    <p id={id} role="alert" className="field-error">
      {state.message}
    </p>
  ) : null;
}
