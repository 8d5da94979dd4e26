import type { WebhookDelivery, WebhookEndpoint } from '@shop/validators';
import { Badge, type BadgeStyle } from '~/components/badge';

const endpointBadges: Record<WebhookEndpoint['status'], BadgeStyle> = {
  enabled: { label: 'Enabled', className: 'bg-success-soft text-success' },
  failing: { label: 'Failing', className: 'border border-danger text-danger' },
  disabled: { label: 'Disabled', className: 'bg-neutral-100 text-neutral-600' },
};

const deliveryBadges: Record<WebhookDelivery['status'], BadgeStyle> = {
  pending: { label: 'Pending', className: 'border border-neutral-300 bg-white text-neutral-700' },
  succeeded: { label: 'Succeeded', className: 'bg-success-soft text-success' },
  failed: { label: 'Failed', className: 'border border-danger text-danger' },
};

export function EndpointStatus({ status }: { status: WebhookEndpoint['status'] }) {
  return <Badge {...endpointBadges[status]} />;
}

export function DeliveryStatus({ status }: { status: WebhookDelivery['status'] }) {
  return <Badge {...deliveryBadges[status]} />;
}
