import type { WebhookDelivery, WebhookEndpoint } from '@shop/validators';

const badge = 'inline-block rounded-sm px-1.5 py-0.5 text-xs font-medium whitespace-nowrap';

const endpointBadges: Record<WebhookEndpoint['status'], { label: string; className: string }> = {
  enabled: { label: 'Enabled', className: 'bg-success-soft text-success' },
  failing: { label: 'Failing', className: 'border border-danger text-danger' },
  disabled: { label: 'Disabled', className: 'bg-neutral-100 text-neutral-600' },
};

const deliveryBadges: Record<WebhookDelivery['status'], { label: string; className: string }> = {
  pending: { label: 'Pending', className: 'border border-neutral-300 bg-white text-neutral-700' },
  succeeded: { label: 'Succeeded', className: 'bg-success-soft text-success' },
  failed: { label: 'Failed', className: 'border border-danger text-danger' },
};

export function EndpointStatus({ status }: { status: WebhookEndpoint['status'] }) {
  const b = endpointBadges[status];
  return <span className={`${badge} ${b.className}`}>{b.label}</span>;
}

export function DeliveryStatus({ status }: { status: WebhookDelivery['status'] }) {
  const b = deliveryBadges[status];
  return <span className={`${badge} ${b.className}`}>{b.label}</span>;
}
