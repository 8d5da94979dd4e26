export function SoldOutBadge({ className }: { className?: string }) {
  return (
    <span
      className={`inline-flex items-center rounded-sm bg-neutral-900 px-2 py-0.5 text-xs font-medium text-white ${className ?? ''}`}
      data-testid="sold-out"
    >
      Sold out
    </span>
  );
}
