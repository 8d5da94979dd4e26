import nodemailer from 'nodemailer';
import { DEFAULT_MAIL_FROM, type MailMessage, type MailTransport } from '../types';

/**
 * Sends through an SMTP server given as a URL: `smtp://user:pass@host:587` (STARTTLS when the
 * server offers it) or `smtps://user:pass@host:465` (TLS from the start). Connections are pooled,
 * so a busy worker does not open one per mail. A refused message or an unreachable server
 * rejects, and the job queue retries the mail.
 */
export function createSmtpTransport(
  url: string,
  options: { from?: string } = {},
): MailTransport & { close(): void } {
  const transport = nodemailer.createTransport(withPool(url));
  const from = options.from ?? DEFAULT_MAIL_FROM;
  return {
    async send(message: MailMessage) {
      const info = await transport.sendMail({ from, ...message });
      return { id: info.messageId };
    },
    close() {
      transport.close();
    },
  };
}

function withPool(url: string): string {
  const u = new URL(url);
  if (!u.searchParams.has('pool')) u.searchParams.set('pool', 'true');
  return u.toString();
}
