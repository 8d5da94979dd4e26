import Link from 'next/link';
import type { ReactNode } from 'react';

/**
 * A list page's search header: a GET form back to the page (so a search is a link to share and
 * the server filters), its labelled search box, the page's own filters as `children`, and a
 * "Clear" link to the bare page while anything is filtered.
 */
export function SearchForm({
  action,
  label,
  placeholder,
  query,
  maxLength = 200,
  inputClassName = 'input w-64',
  filtered,
  children,
}: {
  /** The page's path; the form submits to it. */
  action: string;
  /** The search box's label (read by screen readers only). */
  label: string;
  placeholder: string;
  query: string;
  maxLength?: number;
  inputClassName?: string;
  /** Whether anything is filtered, which shows "Clear"; absent: the page offers no "Clear". */
  filtered?: boolean;
  children?: ReactNode;
}) {
  return (
    <form role="search" action={action} className="flex flex-wrap items-center gap-2">
      <label htmlFor="q" className="sr-only">
        {label}
      </label>
      <input
        id="q"
        name="q"
        type="search"
        defaultValue={query}
        maxLength={maxLength}
        placeholder={placeholder}
        className={inputClassName}
      />
      {children}
      <button type="submit" className="button-secondary">
        Search
      </button>
      {filtered ? (
        <Link href={action} className="text-neutral-600 hover:text-neutral-900 hover:underline">
          Clear
        </Link>
      ) : null}
    </form>
  );
}

/** One of a search header's filters: a select whose first option ("Any …") filters nothing. */
export function FilterSelect({
  name,
  label,
  value,
  anyLabel,
  options,
}: {
  /** The query parameter, also the select's id. */
  name: string;
  /** The select's label (read by screen readers only). */
  label: string;
  value: string | undefined;
  anyLabel: string;
  options: ReadonlyArray<{ value: string; label: string }>;
}) {
  return (
    <>
      <label htmlFor={name} className="sr-only">
        {label}
      </label>
      <select id={name} name={name} defaultValue={value ?? ''} className="input w-auto">
        <option value="">{anyLabel}</option>
        {options.map((f) => (
          <option key={f.value} value={f.value}>
            {f.label}
          </option>
        ))}
      </select>
    </>
  );
}
