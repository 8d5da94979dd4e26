import type { InputHTMLAttributes, ReactNode, Ref } from 'react';

/**
 * The pieces of the admin's react-hook-form forms: a labelled input whose error sits under it
 * (tied to it by `aria-describedby`), and the line that shows what a server action answered.
 */

/** A labelled input; spread `form.register(name)` into it and pass that field's error. */
export function TextField({
  id,
  label,
  error,
  ref,
  className = 'input w-full',
  ...input
}: InputHTMLAttributes<HTMLInputElement> & {
  id: string;
  label: ReactNode;
  error?: string | undefined;
  ref?: Ref<HTMLInputElement>;
}) {
  const errorId = `${id}-error`;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block font-medium">
        {label}
      </label>
      <input
        id={id}
        ref={ref}
        className={className}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        {...input}
      />
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A server action's answer under its form: a success as a status, a refusal as an alert. */
export function ResultLine({ result }: { result: { ok: boolean; message: string } | null }) {
  if (!result) return null;
  return result.ok ? (
    <p role="status" className="text-success">
      {result.message}
    </p>
  ) : (
    <p role="alert" className="field-error">
      {result.message}
    </p>
  );
}
