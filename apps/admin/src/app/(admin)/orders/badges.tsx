import type { OrderFulfillmentStatus, OrderPaymentStatus, OrderStatus } from '@shop/validators';

const base = 'inline-block rounded-sm px-1.5 py-0.5 text-xs font-medium whitespace-nowrap';

const payment: Record<OrderPaymentStatus, { label: string; className: string }> = {
  paid: { label: 'Paid', className: 'bg-success-soft text-success' },
  partially_refunded: {
    label: 'Partially refunded',
    className: 'bg-neutral-200 text-neutral-900',
  },
  refunded: { label: 'Refunded', className: 'bg-neutral-100 text-neutral-600' },
};

const fulfillment: Record<OrderFulfillmentStatus, { label: string; className: string }> = {
  unfulfilled: {
    label: 'Unfulfilled',
    className: 'border border-neutral-300 bg-white text-neutral-700',
  },
  partially_fulfilled: {
    label: 'Partially fulfilled',
    className: 'bg-neutral-200 text-neutral-900',
  },
  fulfilled: { label: 'Fulfilled', className: 'bg-success-soft text-success' },
};

export function PaymentBadge({ status }: { status: OrderPaymentStatus }) {
  const s = payment[status];
  return <span className={`${base} ${s.className}`}>{s.label}</span>;
}

export function FulfillmentBadge({ status }: { status: OrderFulfillmentStatus }) {
  const s = fulfillment[status];
  return <span className={`${base} ${s.className}`}>{s.label}</span>;
}

/** Only a canceled order says so; open and completed are the normal course. */
export function CanceledBadge({ status }: { status: OrderStatus }) {
  return status === 'canceled' ? (
    <span className={`${base} bg-danger-soft text-danger`}>Canceled</span>
  ) : null;
}

/** Held for review (not released) outranks flagged: a held order waits for staff. */
export function RiskBadge({ isFlagged, isHeld }: { isFlagged: boolean; isHeld: boolean }) {
  if (isHeld) return <span className={`${base} bg-danger-soft text-danger`}>Held</span>;
  if (isFlagged)
    return <span className={`${base} border border-danger bg-white text-danger`}>Flagged</span>;
  return null;
}
