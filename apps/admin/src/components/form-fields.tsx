import type { InputHTMLAttributes, ReactNode, Ref, TextareaHTMLAttributes } from 'react';

export { ResultLine } from './result-line';

/**
 * The pieces of the admin's react-hook-form forms: a labelled input whose error sits under it
 * (tied to it by `aria-describedby`), and the line that shows what a server action answered
 * (`ResultLine`, kept in `result-line.tsx` for the forms that import it from there).
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
  return (
    <Labelled id={id} label={label} error={error}>
      {(a11y) => <input ref={ref} className={className} {...a11y} {...input} />}
    </Labelled>
  );
}

/** A labelled textarea, the multi-line `TextField`. */
export function TextAreaField({
  id,
  label,
  error,
  ref,
  className = 'input resize-y',
  ...textarea
}: TextareaHTMLAttributes<HTMLTextAreaElement> & {
  id: string;
  label: ReactNode;
  error?: string | undefined;
  ref?: Ref<HTMLTextAreaElement>;
}) {
  return (
    <Labelled id={id} label={label} error={error}>
      {(a11y) => <textarea ref={ref} className={className} {...a11y} {...textarea} />}
    </Labelled>
  );
}

/**
 * A field's error under it; `id` is what the field's `aria-describedby` names, for inputs laid
 * out by hand (a quantity box in a table row).
 */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={id} className="field-error">
      {message}
    </p>
  ) : null;
}

/** A field's label above it and its error below, tied to it by the attributes it hands the field. */
function Labelled({
  id,
  label,
  error,
  children,
}: {
  id: string;
  label: ReactNode;
  error: string | undefined;
  children: (a11y: {
    id: string;
    'aria-invalid': true | undefined;
    'aria-describedby': string | undefined;
  }) => ReactNode;
}) {
  const errorId = `${id}-error`;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block font-medium">
        {label}
      </label>
      {children({
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': error ? errorId : undefined,
      })}
      <FieldError id={errorId} message={error} />
    </div>
  );
}
