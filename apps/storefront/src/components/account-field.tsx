import type { InputHTMLAttributes, ReactNode } from 'react';

/**
 * A labelled input with its hint and error underneath (account and checkout forms); the error is tied
 * to the input with aria-describedby and marks it aria-invalid.
 */
export function AccountField({
  id,
  label,
  error,
  hint,
  className,
  children,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  /** Replaces the input (a select), which then must carry `id` itself. */
  children?: ReactNode;
}) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ');
  return (
    <div className={`flex flex-col gap-1 ${className ?? ''}`}>
      <label htmlFor={id} className="text-sm font-medium text-neutral-700">
        {label}
      </label>
      {children ?? (
        <input
          id={id}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy || undefined}
          className={`h-12 w-full rounded-sm border bg-white px-3 text-base ${
            error ? 'border-danger' : 'border-neutral-300'
          }`}
          {...input}
        />
      )}
      {hint ? (
        <p id={hintId} className="text-xs text-neutral-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-sm text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The form's sentence: an error in role="alert", a success in role="status". */
export function AccountFormMessage({
  state,
}: {
  state: { status: 'idle' } | { status: 'success' | 'error'; message: string };
}) {
  return (
    <>
      <div role="alert" className="empty:hidden">
        {state.status === 'error' ? (
          <p className="rounded-sm border border-danger bg-danger-soft px-3 py-2 text-sm text-danger">
            {state.message}
          </p>
        ) : null}
      </div>
      <div role="status" className="empty:hidden">
        {state.status === 'success' ? (
          <p className="rounded-sm border border-success bg-success-soft px-3 py-2 text-sm text-success">
            {state.message}
          </p>
        ) : null}
      </div>
    </>
  );
}

export const primaryButton =
  'inline-flex h-12 w-full items-center justify-center rounded-sm bg-accent px-5 text-base font-medium text-white hover:bg-accent-strong disabled:cursor-not-allowed disabled:opacity-60';

export const secondaryButton =
  'inline-flex h-10 items-center justify-center rounded-sm border border-neutral-300 bg-white px-3 text-sm font-medium text-neutral-900 hover:bg-neutral-50 disabled:cursor-not-allowed disabled:opacity-60';

export const textLink = 'font-medium text-accent underline-offset-4 hover:underline';
