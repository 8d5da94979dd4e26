import type { ReactNode } from 'react';

/**
 * A part of a page under its h2, which names it for screen readers (`aria-labelledby`). `id`
 * is the section's own (a `#fragment` to link to), when it needs one.
 */
export function Section({
  headingId,
  title,
  id,
  children,
}: {
  headingId: string;
  title: ReactNode;
  id?: string;
  children: ReactNode;
}) {
  return (
    <section id={id} aria-labelledby={headingId} className="space-y-2">
      <h2 id={headingId} className="font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** The same in a white card: the form that adds one (a token, an endpoint) above its list. */
export function CardSection({
  headingId,
  title,
  children,
}: {
  headingId: string;
  title: ReactNode;
  children: ReactNode;
}) {
  return (
    <section
      aria-labelledby={headingId}
      className="max-w-3xl rounded-lg border border-neutral-200 bg-white p-4"
    >
      <h2 id={headingId} className="mb-3 font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** A boxed sentence in place of what the staff member's role may not see or change. */
export function Notice({ children }: { children: ReactNode }) {
  return (
    <p className="rounded-sm border border-neutral-200 bg-white px-3 py-2 text-neutral-700">
      {children}
    </p>
  );
}
