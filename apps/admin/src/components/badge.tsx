/** A status badge's words and the classes of its colours. */
export interface BadgeStyle {
  label: string;
  className: string;
}

/** A status as a small coloured label (a token's, an endpoint's, a delivery's). */
export function Badge({ label, className }: BadgeStyle) {
  return (
    <span
      className={`inline-block rounded-sm px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ${className}`}
    >
      {label}
    </span>
  );
}
