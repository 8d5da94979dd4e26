import { formatMoney } from '@shop/money';

export interface TotalsFigures {
  currencyCode: string;
  taxInclusive: boolean;
  subtotal: number;
  discountTotal: number;
  shippingTotal: number;
  taxTotal: number;
  total: number;
}

/**
 * Subtotal, discount, shipping, tax and total exactly as the server computed them (never summed
 * here). With `testIdPrefix`, each figure carries `data-testid="<prefix>-subtotal"` etc. and its
 * amount in minor units in `data-amount`, so tests can compare it with the database.
 */
export function CartTotals({
  totals,
  testIdPrefix,
  discountCode,
  shippingName,
  shippingPending = false,
}: {
  totals: TotalsFigures;
  testIdPrefix?: string;
  discountCode?: string | null;
  shippingName?: string | null;
  /** No shipping option chosen yet: say so instead of showing 0. */
  shippingPending?: boolean;
}) {
  const money = (amount: number) => formatMoney(amount, totals.currencyCode);
  const id = (name: string) => (testIdPrefix ? `${testIdPrefix}-${name}` : undefined);
  const row = 'flex items-baseline justify-between gap-4';

  return (
    <dl className="flex flex-col gap-2 text-sm">
      <div className={row}>
        <dt className="text-neutral-600">Subtotal</dt>
        <dd data-testid={id('subtotal')} data-amount={totals.subtotal} className="tabular-nums">
          {money(totals.subtotal)}
        </dd>
      </div>
      {totals.discountTotal > 0 || discountCode ? (
        <div className={row}>
          <dt className="text-neutral-600">
            Discount
            {discountCode ? (
              <span className="ml-1.5 rounded-sm bg-neutral-100 px-1.5 py-0.5 font-mono text-xs text-neutral-700">
                {discountCode}
              </span>
            ) : null}
          </dt>
          <dd className="text-success tabular-nums">
            <span aria-hidden="true">−</span>
            <span data-testid={id('discount')} data-amount={totals.discountTotal}>
              {money(totals.discountTotal)}
            </span>
          </dd>
        </div>
      ) : (
        <div hidden>
          <dt>Discount</dt>
          <dd data-testid={id('discount')} data-amount={0}>
            {money(0)}
          </dd>
        </div>
      )}
      <div className={row}>
        <dt className="text-neutral-600">
          Shipping
          {shippingName ? (
            <span className="block text-xs text-neutral-500">{shippingName}</span>
          ) : null}
        </dt>
        <dd
          data-testid={id('shipping')}
          data-amount={totals.shippingTotal}
          className="tabular-nums"
        >
          {shippingPending
            ? 'Calculated at checkout'
            : totals.shippingTotal === 0
              ? 'Free'
              : money(totals.shippingTotal)}
        </dd>
      </div>
      <div className={row}>
        <dt className="text-neutral-600">{totals.taxInclusive ? 'Tax included' : 'Tax'}</dt>
        <dd data-testid={id('tax')} data-amount={totals.taxTotal} className="tabular-nums">
          {money(totals.taxTotal)}
        </dd>
      </div>
      <div className={`${row} mt-2 border-t border-neutral-200 pt-3 text-base font-semibold`}>
        <dt>Total</dt>
        <dd className="tabular-nums">
          <span className="mr-1.5 text-xs font-normal text-neutral-500">{totals.currencyCode}</span>
          <span data-testid={id('total')} data-amount={totals.total}>
            {money(totals.total)}
          </span>
        </dd>
      </div>
    </dl>
  );
}
