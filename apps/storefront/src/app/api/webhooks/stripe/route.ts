import { BODY_LIMITS, withRouteBoundary } from '@shop/api/edge';
import { handlePaymentEvent } from '@shop/core';
import {
  InvalidWebhookSignatureError,
  type PaymentProvider,
  type PaymentWebhookEvent,
} from '@shop/payments';
import { getLogger, getShop } from '~/server/shop';

export const dynamic = 'force-dynamic';

/**
 * Stripe's webhook. The signature is checked over the raw body, so the body is read as text and
 * never re-serialised. Duplicates and events we ignore still get 200 (Stripe stops resending);
 * any unexpected failure gets 500 so Stripe retries the event later.
 */
async function handleWebhook(request: Request): Promise<Response> {
  const logger = getLogger().child({ route: 'webhooks/stripe' });
  let provider: PaymentProvider;
  try {
    provider = getShop().payments;
  } catch (err) {
    logger.error(`payments configuration: ${describe(err)}`);
    return Response.json({ error: 'Payments are misconfigured' }, { status: 500 });
  }
  if (provider.id !== 'stripe' || !provider.parseWebhook) {
    return Response.json({ error: 'Stripe is not configured' }, { status: 404 });
  }

  let event: PaymentWebhookEvent;
  try {
    event = provider.parseWebhook(await request.text(), request.headers.get('stripe-signature'));
  } catch (err) {
    if (err instanceof InvalidWebhookSignatureError) {
      return Response.json({ error: 'Invalid signature' }, { status: 400 });
    }
    logger.error(`could not read the event: ${describe(err)}`);
    return Response.json({ error: 'Webhook processing failed' }, { status: 500 });
  }

  try {
    await handlePaymentEvent(getShop().db, event, { payments: provider });
    return Response.json({ received: true });
  } catch (err) {
    logger.error({ err, eventId: event.id, eventType: event.rawType }, 'event failed');
    return Response.json({ error: 'Webhook processing failed' }, { status: 500 });
  }
}

/** Behind the error boundary, with a 1 MB body limit (Stripe's events are far smaller). */
export const POST = withRouteBoundary(
  { name: 'webhooks/stripe', maxBodyBytes: BODY_LIMITS.stripeWebhook, logger: getLogger },
  handleWebhook,
);

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
