'use client';

import { useId, useState, type ReactNode } from 'react';

/**
 * A value shown once to be copied (a new secret or token): read-only, selected on focus, with a
 * Copy button. `label` names it for screen readers.
 */
export function CopyField({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  const id = useId();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input
        id={id}
        readOnly
        value={value}
        className="input min-w-0 flex-1 font-mono text-xs"
        onFocus={(e) => e.currentTarget.select()}
      />
      <button
        type="button"
        className="button-secondary"
        onClick={() => {
          void navigator.clipboard.writeText(value).then(() => setCopied(true));
        }}
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}

/**
 * The box a new secret or token is shown in, once, after the form that created it: what was
 * created and why to copy it now (`children`), then the value in a `CopyField`.
 */
export function ShownOnce({
  testId,
  label,
  value,
  children,
}: {
  testId: string;
  label: string;
  value: string;
  children: ReactNode;
}) {
  return (
    <div
      role="status"
      className="space-y-2 rounded-sm border border-success bg-success-soft p-3"
      data-testid={testId}
    >
      <p className="font-medium">{children}</p>
      <CopyField label={label} value={value} />
    </div>
  );
}
