import type { OrderDetailOutput } from '@shop/validators';
import { formatMoney } from '@shop/money';
import { AccountOrderStatus } from './account-order-status';

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'long' });
const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

function countryName(code: string): string {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

/** One order as its buyer sees it: lines, totals, where it goes and what happened to it. */
export function AccountOrderDetail({ order }: { order: OrderDetailOutput }) {
  const money = (amount: number) => formatMoney(amount, order.currencyCode);
  const a = order.shippingAddress;
  const totals: Array<[string, string]> = [['Subtotal', money(order.subtotal)]];
  if (order.discountTotal > 0) {
    totals.push([
      order.discountCode ? `Discount (${order.discountCode})` : 'Discount',
      `−${money(order.discountTotal)}`,
    ]);
  }
  totals.push([
    order.shippingOptionName ? `Shipping · ${order.shippingOptionName}` : 'Shipping',
    order.shippingTotal === 0 ? 'Free' : money(order.shippingTotal),
  ]);
  if (order.taxTotal > 0 || !order.taxInclusive) {
    totals.push([order.taxInclusive ? 'Including tax' : 'Tax', money(order.taxTotal)]);
  }

  return (
    <article className="flex flex-col gap-8" data-testid="order-detail">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Order #{order.number}</h1>
          <p className="mt-1 text-sm text-neutral-600">
            Placed on{' '}
            <time dateTime={order.createdAt.toISOString()}>
              {dateFormat.format(order.createdAt)}
            </time>
          </p>
        </div>
        <AccountOrderStatus {...order} />
      </header>

      <section aria-labelledby="order-items">
        <h2 id="order-items" className="sr-only">
          Items
        </h2>
        <ul className="divide-y divide-neutral-200 border-y border-neutral-200">
          {order.lines.map((line) => (
            <li key={line.id} className="flex items-start justify-between gap-4 py-4">
              <div className="min-w-0">
                <p className="font-medium">{line.productTitle}</p>
                <p className="text-sm text-neutral-600">
                  {line.variantTitle ? `${line.variantTitle} · ` : ''}Qty {line.quantity}
                  {line.quantity > 1 ? ` × ${money(line.unitPrice)}` : ''}
                </p>
                {order.fulfillments.length > 0 ? (
                  <p className="text-sm text-neutral-600" data-testid="line-shipped">
                    {line.fulfilledQuantity >= line.quantity
                      ? 'Shipped'
                      : `${line.fulfilledQuantity} of ${line.quantity} shipped`}
                  </p>
                ) : null}
              </div>
              <p className="font-medium tabular-nums whitespace-nowrap">{money(line.total)}</p>
            </li>
          ))}
        </ul>
        <dl className="mt-4 flex flex-col gap-2 text-sm sm:ml-auto sm:max-w-xs">
          {totals.map(([label, value]) => (
            <div key={label} className="flex justify-between gap-4 text-neutral-600">
              <dt>{label}</dt>
              <dd className="tabular-nums">{value}</dd>
            </div>
          ))}
          <div className="flex justify-between gap-4 border-t border-neutral-200 pt-2 text-base font-semibold">
            <dt>Total</dt>
            <dd className="tabular-nums" data-testid="order-total">
              {money(order.total)}
            </dd>
          </div>
        </dl>
      </section>

      {order.fulfillments.length > 0 ? <Shipments order={order} /> : null}

      <div className="grid gap-8 sm:grid-cols-2">
        <section aria-labelledby="order-shipping">
          <h2 id="order-shipping" className="text-base font-semibold">
            Shipping to
          </h2>
          <address className="mt-2 text-sm leading-relaxed text-neutral-700 not-italic">
            {a.firstName} {a.lastName}
            <br />
            {a.line1}
            {a.line2 ? (
              <>
                <br />
                {a.line2}
              </>
            ) : null}
            <br />
            {[a.postalCode, a.city, a.province].filter(Boolean).join(' ')}
            <br />
            {countryName(a.countryCode)}
          </address>
          <p className="mt-2 text-sm text-neutral-600">Confirmation sent to {order.email}</p>
        </section>
        {order.events.length > 0 ? (
          <section aria-labelledby="order-history">
            <h2 id="order-history" className="text-base font-semibold">
              History
            </h2>
            <ol className="mt-2 flex flex-col gap-2 text-sm">
              {order.events.map((event, i) => (
                <li key={i} className="flex flex-col">
                  <span className="text-neutral-900">{eventLabel(event.type)}</span>
                  <time
                    className="text-xs text-neutral-500"
                    dateTime={event.createdAt.toISOString()}
                  >
                    {dateFormat.format(event.createdAt)}
                  </time>
                </li>
              ))}
            </ol>
          </section>
        ) : null}
      </div>
    </article>
  );
}

/** Each shipment: carrier, tracking number (a link when the shop gave one) and what it carries. */
function Shipments({ order }: { order: OrderDetailOutput }) {
  const lineById = new Map(order.lines.map((l) => [l.id, l]));
  return (
    <section aria-labelledby="order-shipments">
      <h2 id="order-shipments" className="text-base font-semibold">
        {order.fulfillments.length === 1 ? 'Shipment' : 'Shipments'}
      </h2>
      <ul className="mt-2 flex flex-col gap-3 text-sm" data-testid="shipments">
        {order.fulfillments.map((f) => (
          <li key={f.id} className="rounded-lg border border-neutral-200 px-4 py-3">
            <p>
              Shipped with {f.carrier} on{' '}
              <time dateTime={f.createdAt.toISOString()}>{dateFormat.format(f.createdAt)}</time>
            </p>
            <p className="mt-1">
              Tracking number{' '}
              {f.trackingUrl ? (
                <a
                  href={f.trackingUrl}
                  className="font-mono font-medium text-accent underline"
                  rel="noopener noreferrer"
                  target="_blank"
                >
                  {f.trackingNumber}
                </a>
              ) : (
                <span className="font-mono font-medium">{f.trackingNumber}</span>
              )}
            </p>
            <ul className="mt-1 text-neutral-600">
              {f.lines.map((l) => {
                const line = lineById.get(l.orderLineId);
                return line ? (
                  <li key={l.orderLineId}>
                    {l.quantity} × {line.productTitle}
                    {line.variantTitle ? ` (${line.variantTitle})` : ''}
                  </li>
                ) : null;
              })}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The shopper-facing name of an order event. The events' own messages are written for staff
 * ("Payment of 4999 USD captured."), so the shopper sees a fixed phrase per type instead.
 */
function eventLabel(type: string): string {
  switch (type) {
    case 'placed':
      return 'Order placed';
    case 'paid':
      return 'Payment received';
    case 'refunded':
      return 'Refunded';
    case 'fulfilled':
    case 'shipped':
      return 'Shipped';
    case 'canceled':
      return 'Canceled';
    default:
      return type.charAt(0).toUpperCase() + type.slice(1).replace(/[_-]/g, ' ');
  }
}
