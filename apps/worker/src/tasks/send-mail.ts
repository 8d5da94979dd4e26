import { renderMail, type MailTransport } from '@shop/mail';
import type { Task } from 'graphile-worker';

export interface SendMailConfig {
  transport: MailTransport;
  /** Links in mails point at the storefront. */
  storefrontUrl: string;
}

interface SendMailPayload {
  template: string;
  to: string;
  data: unknown;
}

function isPayload(value: unknown): value is SendMailPayload {
  if (typeof value !== 'object' || value === null) return false;
  const { template, to, data } = value as Record<string, unknown>;
  return (
    typeof template === 'string' &&
    typeof to === 'string' &&
    to.includes('@') &&
    typeof data === 'object' &&
    data !== null
  );
}

/**
 * Renders the job's template with its data and sends it. Everything that fails throws, so the
 * queue keeps the job and retries it with backoff: a transport error (SMTP down, disk full) heals
 * by itself, and a template or payload error stays visible in the queue's `last_error` (and is
 * sent once a fixed template accepts the data) instead of a mail silently going missing.
 */
export function sendMailTask(config: SendMailConfig): Task {
  return async (payload, helpers) => {
    if (!isPayload(payload)) {
      throw new Error(
        `send-mail: malformed payload (expected { template, to, data }): ${JSON.stringify(payload).slice(0, 200)}`,
      );
    }
    const mail = renderMail(payload.template, payload.data, {
      storefrontUrl: config.storefrontUrl,
    });
    const { id } = await config.transport.send({ to: payload.to, ...mail });
    helpers.logger.info(`sent ${payload.template} mail ${id}`);
  };
}
