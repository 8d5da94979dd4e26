import { TEST_CARDS } from '@shop/payments';

/**
 * The test provider's box: says plainly that no money moves and lists the documented test cards
 * (rendered on the server, so the payments package never reaches the browser bundle).
 */
export function CheckoutTestCards({ label }: { label: string }) {
  return (
    <div
      className="rounded-lg border border-dashed border-accent bg-neutral-50 p-4"
      data-testid="test-payment-box"
    >
      <p className="font-semibold text-accent-strong">{label}</p>
      <p className="mt-1 text-sm text-neutral-600">
        This shop uses the test payment provider. Use one of these card numbers; any other number is
        declined.
      </p>
      <ul className="mt-3 flex flex-col gap-1.5 text-sm">
        {TEST_CARDS.map((card) => (
          <li key={card.number} className="flex flex-wrap items-baseline gap-x-3">
            <code className="font-mono text-neutral-900 tabular-nums">{card.number}</code>
            <span className="text-neutral-600">{card.description}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
