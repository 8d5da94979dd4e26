import { z } from 'zod';
import { zId } from './common';

/**
 * Outgoing webhooks: what the admin sends to register an endpoint and what it reads back. The
 * rules a form can check (an http(s) URL without credentials, a Standard Webhooks secret) are
 * here; the ones that need the server (event names from the catalog, addresses the worker may
 * reach) are `@shop/webhooks`'.
 */

export const WEBHOOK_LIMITS = {
  maxUrlLength: 2000,
  maxDescriptionLength: 500,
  maxEvents: 50,
  /** Standard Webhooks secrets are `whsec_` + base64 of the key; at least 24 bytes of key. */
  minSecretBytes: 24,
  maxSecretBytes: 64,
} as const;

export const zWebhookUrl = z
  .string({ message: 'A webhook URL is required.' })
  .trim()
  .min(1, 'A webhook URL is required.')
  .max(WEBHOOK_LIMITS.maxUrlLength, 'A webhook URL can be at most 2000 characters long.')
  .superRefine((text, ctx) => {
    if (!/^https?:\/\//i.test(text)) {
      ctx.addIssue({
        code: 'custom',
        message: 'Webhook URLs must start with http:// or https://.',
      });
      return;
    }
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'This is not a valid URL.' });
      return;
    }
    if (url.hostname === '')
      ctx.addIssue({ code: 'custom', message: 'A webhook URL needs a host name.' });
    if (url.username !== '' || url.password !== '')
      ctx.addIssue({
        code: 'custom',
        message:
          'Webhook URLs cannot contain a user name or password; the signature authenticates the shop.',
      });
    if (url.hash !== '')
      ctx.addIssue({ code: 'custom', message: 'Webhook URLs cannot contain a #fragment.' });
  });

/** The key bytes of a `whsec_…` secret, or null when it is not one. Works in the browser too. */
export function webhookSecretBytes(secret: string): number | null {
  const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret);
  const body = match?.[1];
  if (!body || body.length % 4 !== 0) return null;
  const padding = body.endsWith('==') ? 2 : body.endsWith('=') ? 1 : 0;
  return (body.length / 4) * 3 - padding;
}

export const zWebhookSecret = z
  .string()
  .trim()
  .superRefine((secret, ctx) => {
    const bytes = webhookSecretBytes(secret);
    if (bytes === null) {
      ctx.addIssue({
        code: 'custom',
        message:
          'A webhook secret must be whsec_ followed by base64 (as Standard Webhooks defines it).',
      });
    } else if (bytes < WEBHOOK_LIMITS.minSecretBytes || bytes > WEBHOOK_LIMITS.maxSecretBytes) {
      ctx.addIssue({
        code: 'custom',
        message: `A webhook secret must hold ${WEBHOOK_LIMITS.minSecretBytes} to ${WEBHOOK_LIMITS.maxSecretBytes} bytes of key (this one has ${bytes}); leave it empty to have one generated.`,
      });
    }
  });

const zEventNames = z
  .array(z.string().trim().max(100, 'An event name can be at most 100 characters long.'), {
    message: 'Choose the events to send.',
  })
  .max(
    WEBHOOK_LIMITS.maxEvents,
    `An endpoint can subscribe to at most ${WEBHOOK_LIMITS.maxEvents} events.`,
  );

const zDescription = z
  .string()
  .trim()
  .max(
    WEBHOOK_LIMITS.maxDescriptionLength,
    `A description can be at most ${WEBHOOK_LIMITS.maxDescriptionLength} characters long.`,
  );

export const zWebhookEndpointInput = z.object({
  url: zWebhookUrl,
  description: zDescription.default(''),
  events: zEventNames.min(1, 'Choose at least one event to send.'),
  /** Absent or empty: one is generated. */
  secret: zWebhookSecret.optional().or(z.literal('').transform(() => undefined)),
});
export type WebhookEndpointInput = z.input<typeof zWebhookEndpointInput>;

export const zWebhookEndpointUpdate = z.object({
  id: zId,
  url: zWebhookUrl.optional(),
  description: zDescription.optional(),
  events: zEventNames.min(1, 'Choose at least one event to send.').optional(),
});
export type WebhookEndpointUpdate = z.input<typeof zWebhookEndpointUpdate>;

export const zWebhookEndpointStatus = z.enum(['enabled', 'failing', 'disabled']);

export const zWebhookEndpoint = z.object({
  id: z.number(),
  url: z.string(),
  description: z.string(),
  events: z.array(z.string()),
  enabled: z.boolean(),
  /** `failing`: enabled, but every attempt since `failingSince` failed. */
  status: zWebhookEndpointStatus,
  disabledAt: z.date().nullable(),
  disabledReason: z.string().nullable(),
  failingSince: z.date().nullable(),
  createdAt: z.date(),
});
export type WebhookEndpoint = z.infer<typeof zWebhookEndpoint>;

/** `create`'s answer: the endpoint and its secret, the only time the secret is shown. */
export const zCreatedWebhookEndpoint = zWebhookEndpoint.extend({ secret: z.string() });

export const zWebhookDeliveryStatus = z.enum(['pending', 'succeeded', 'failed']);

export const zWebhookDelivery = z.object({
  id: z.number(),
  endpointId: z.number(),
  eventId: z.number(),
  eventType: z.string(),
  resourceKey: z.string(),
  status: zWebhookDeliveryStatus,
  attempts: z.number(),
  nextAttemptAt: z.date(),
  lastStatusCode: z.number().nullable(),
  lastLatencyMs: z.number().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.date().nullable(),
  createdAt: z.date(),
});
export type WebhookDelivery = z.infer<typeof zWebhookDelivery>;

export const zWebhookAttempt = z.object({
  id: z.number(),
  deliveryId: z.number(),
  attempt: z.number(),
  statusCode: z.number().nullable(),
  latencyMs: z.number(),
  error: z.string().nullable(),
  responseBody: z.string().nullable(),
  manual: z.boolean(),
  createdAt: z.date(),
});
export type WebhookAttempt = z.infer<typeof zWebhookAttempt>;

export const zWebhookDeliveriesInput = z.object({
  endpointId: zId,
  status: zWebhookDeliveryStatus.optional(),
  /** The last delivery id of the previous page (newest first). */
  before: zId.optional(),
  limit: z
    .number()
    .int()
    .min(1, 'limit must be at least 1')
    .max(200, 'limit must be at most 200')
    .default(50),
});
