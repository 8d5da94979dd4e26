import { formatMoney, isSupportedCurrency } from '@shop/money';
import type { AdminOrderEvent } from '@shop/validators';

/**
 * The sentence staff read for a timeline entry, rendered from its `type` and structured `data`
 * (amounts formatted from `data.amount` and `data.currencyCode`), never parsed out of the stored
 * message. An unknown type, or data without what the sentence needs, shows the stored message.
 */
export function describeOrderEvent(event: Pick<AdminOrderEvent, 'type' | 'message' | 'data'>) {
  const data = event.data;
  const described = describeWithoutMoney(event);
  if (described !== null) return described;
  const money =
    data?.amount !== undefined &&
    data.currencyCode !== undefined &&
    isSupportedCurrency(data.currencyCode)
      ? formatMoney(data.amount, data.currencyCode)
      : null;
  if (money === null) return event.message;
  switch (event.type) {
    case 'paid':
      return `Payment of ${money} captured.`;
    case 'refunded':
      return `Refunded ${money}.`;
    case 'refund_requested':
      return data?.staffEmail !== undefined && data.reason !== undefined
        ? `Refund of ${money} requested by ${data.staffEmail}: ${data.reason}`
        : `Refund of ${money} requested.`;
    case 'duplicate_payment':
      return `A second payment of ${money} for this order was received; it is being refunded in full.`;
    case 'duplicate_refunded':
      return `The second payment for this order (${money}) was refunded in full.`;
    default:
      return event.message;
  }
}

/** Entries whose sentence has no amount in it: shipments, cancellations, notes. */
function describeWithoutMoney(
  event: Pick<AdminOrderEvent, 'type' | 'message' | 'data'>,
): string | null {
  const data = event.data;
  const by = data?.staffEmail !== undefined ? ` by ${data.staffEmail}` : '';
  switch (event.type) {
    case 'fulfilled': {
      if (data?.carrier === undefined || data.trackingNumber === undefined) return null;
      const units = (data.lines ?? []).reduce((n, l) => n + l.quantity, 0);
      const what = units > 0 ? `${units} ${units === 1 ? 'unit' : 'units'} shipped` : 'Shipped';
      return `${what} with ${data.carrier} (tracking ${data.trackingNumber})${by}.`;
    }
    case 'canceled': {
      if (data?.reason === undefined) return null;
      const restocked =
        data.restockedUnits !== undefined && data.restockedUnits > 0
          ? ` ${data.restockedUnits} ${data.restockedUnits === 1 ? 'unit' : 'units'} back in stock.`
          : '';
      return `Cancelled${by}: ${data.reason.replace(/\.$/, '')}.${restocked}`;
    }
    case 'note':
      return data?.staffEmail !== undefined ? `Note by ${data.staffEmail}: ${event.message}` : null;
    default:
      return null;
  }
}
