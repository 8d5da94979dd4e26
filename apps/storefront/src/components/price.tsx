import type { Money } from '@shop/validators';
import { formatMoney } from '@shop/money';

/**
 * A price with its compare-at price struck through when the item is on sale. `testId` goes on
 * the element that holds only the current price, so tests can read it exactly.
 */
export function Price({
  price,
  compareAt,
  testId,
  className,
}: {
  price: Money | null;
  compareAt?: Money | null;
  testId?: string;
  className?: string;
}) {
  if (!price) {
    return (
      <span className={className} data-testid={testId}>
        Unavailable
      </span>
    );
  }
  const onSale = compareAt != null && compareAt.amount > price.amount;
  return (
    <span className={`inline-flex flex-wrap items-baseline gap-x-2 ${className ?? ''}`}>
      {onSale ? <span className="sr-only">Sale price</span> : null}
      <span data-testid={testId} className={onSale ? 'text-accent' : undefined}>
        {formatMoney(price.amount, price.currencyCode)}
      </span>
      {onSale ? (
        <>
          <span className="sr-only">, regular price</span>
          <s className="text-sm font-normal text-neutral-500" data-testid="compare-at-price">
            {formatMoney(compareAt.amount, compareAt.currencyCode)}
          </s>
        </>
      ) : null}
    </span>
  );
}

/** How prices in a region are shown: "incl. VAT" where they include tax, else "excl. tax". */
export function taxNote(region: { taxInclusive: boolean }): string {
  return region.taxInclusive ? 'incl. VAT' : 'excl. tax';
}
