import type { ReactNode } from 'react';

/**
 * One step of the checkout page. `step` numbers the steps the shopper fills in; `isLocked` greys
 * out a step whose turn has not come (its content then says what is missing).
 */
export function CheckoutSection({
  id,
  title,
  step,
  isDone = false,
  isLocked = false,
  className,
  children,
}: {
  id: string;
  title: string;
  step?: number;
  isDone?: boolean;
  isLocked?: boolean;
  className?: string;
  children: ReactNode;
}) {
  const headingId = `${id}-title`;
  return (
    <section
      id={id}
      aria-labelledby={headingId}
      className={`rounded-lg border border-neutral-200 bg-white p-4 sm:p-6 ${className ?? ''}`}
    >
      <h2 id={headingId} className="mb-4 flex items-center gap-3 text-lg font-semibold">
        {step !== undefined ? (
          <span
            aria-hidden="true"
            className={`inline-flex h-7 w-7 shrink-0 items-center justify-center rounded-full text-sm ${
              isDone
                ? 'bg-success text-white'
                : isLocked
                  ? 'bg-neutral-200 text-neutral-600'
                  : 'bg-accent text-white'
            }`}
          >
            {isDone ? '✓' : step}
          </span>
        ) : null}
        <span className={isLocked ? 'text-neutral-500' : undefined}>{title}</span>
        {isDone ? <span className="sr-only">(done)</span> : null}
      </h2>
      {children}
    </section>
  );
}
