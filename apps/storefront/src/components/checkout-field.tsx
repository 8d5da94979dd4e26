import type { InputHTMLAttributes, ReactNode } from 'react';

/**
 * A labelled text input with its hint and error underneath; the error is tied to the input with
 * aria-describedby and marks it aria-invalid.
 */
export function CheckoutField({
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
