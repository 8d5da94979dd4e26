/** What the shopper needs to know about an order, in one word or two. */
export function orderStatusLabel(order: {
  status: string;
  paymentStatus: string;
  fulfillmentStatus: string;
}): { label: string; tone: 'neutral' | 'success' | 'warning' } {
  if (order.paymentStatus === 'refunded') return { label: 'Refunded', tone: 'warning' };
  if (order.status === 'canceled') return { label: 'Canceled', tone: 'warning' };
  if (order.paymentStatus === 'partially_refunded')
    return { label: 'Partly refunded', tone: 'warning' };
  if (order.fulfillmentStatus === 'fulfilled') return { label: 'Shipped', tone: 'success' };
  if (order.fulfillmentStatus === 'partially_fulfilled')
    return { label: 'Partially fulfilled', tone: 'neutral' };
  if (order.status === 'completed') return { label: 'Completed', tone: 'success' };
  return { label: 'Paid · preparing', tone: 'neutral' };
}

const tones = {
  neutral: 'bg-neutral-100 text-neutral-700',
  success: 'bg-success-soft text-success',
  warning: 'bg-danger-soft text-danger',
};

export function AccountOrderStatus(props: {
  status: string;
  paymentStatus: string;
  fulfillmentStatus: string;
}) {
  const { label, tone } = orderStatusLabel(props);
  return (
    <span
      className={`inline-flex items-center rounded-sm px-2 py-0.5 text-xs font-medium whitespace-nowrap ${tones[tone]}`}
    >
      {label}
    </span>
  );
}
