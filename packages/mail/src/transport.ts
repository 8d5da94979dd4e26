import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFileTransport } from './transports/file';
import { createSmtpTransport } from './transports/smtp';
import { DEFAULT_MAIL_FROM, type MailTransport } from './types';

/** `<repo>/.data/mail`: where embedded mode writes mail, beside the other local service data. */
export const DEFAULT_MAIL_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../.data/mail',
);

export interface MailEnv {
  /** `smtp://` or `smtps://` URL; unset selects the file transport. */
  SMTP_URL?: string | undefined;
  /** The file transport's folder; defaults to `<repo>/.data/mail`. */
  MAIL_DIR?: string | undefined;
  /** The sender, e.g. `Shop <orders@example.com>`; defaults to `Shop <shop@localhost>`. */
  MAIL_FROM?: string | undefined;
}

export type ConfiguredMailTransport = MailTransport & {
  /** Says where mail goes, for the start-up log line (no credentials). */
  describe: string;
};

/**
 * The transport the configuration selects: SMTP when `SMTP_URL` is set, otherwise files in
 * `MAIL_DIR` (embedded mode: nothing to set up, and the mails can be read on disk).
 */
export function createMailTransport(env: MailEnv): ConfiguredMailTransport {
  const from = env.MAIL_FROM || DEFAULT_MAIL_FROM;
  if (env.SMTP_URL) {
    const url = new URL(env.SMTP_URL);
    return {
      ...createSmtpTransport(env.SMTP_URL, { from }),
      describe: `SMTP ${url.protocol}//${url.host}`,
    };
  }
  const dir = path.resolve(env.MAIL_DIR || DEFAULT_MAIL_DIR);
  return { ...createFileTransport(dir, { from }), describe: `files in ${dir}` };
}
