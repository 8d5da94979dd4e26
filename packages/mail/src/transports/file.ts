import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { DEFAULT_MAIL_FROM, type MailMessage, type MailTransport } from '../types';

/** A file-name-safe version of the subject: `order-1001-confirmed`. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'mail';
}

/**
 * Embedded mode's "outbox": each mail becomes `<dir>/<iso-time>-<slug>.eml`, a complete RFC 5322
 * message (multipart/alternative, text and HTML, CRLF line ends) that any mail client opens,
 * plus a `.html` copy of the HTML body to look at in a browser. The time has `-` for `:` so the
 * names are valid on every file system; a short random suffix keeps two mails of one
 * millisecond apart.
 */
export function createFileTransport(
  dir: string,
  options: { from?: string } = {},
): MailTransport & { dir: string } {
  // nodemailer's stream transport composes the message exactly as SMTP would send it.
  const composer = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'windows',
  });
  const from = options.from ?? DEFAULT_MAIL_FROM;
  return {
    dir,
    async send(message: MailMessage) {
      const info = await composer.sendMail({ from, ...message });
      if (!Buffer.isBuffer(info.message)) throw new Error('mail composer returned no buffer');
      await fs.mkdir(dir, { recursive: true });
      const time = new Date().toISOString().replace(/[:.]/g, '-');
      const base = path.join(
        dir,
        `${time}-${slugify(message.subject)}-${randomBytes(2).toString('hex')}`,
      );
      // The .eml last: whoever watches the folder for .eml files finds the .html already there.
      await fs.writeFile(`${base}.html`, message.html, { flag: 'wx' });
      await fs.writeFile(`${base}.eml`, info.message, { flag: 'wx' });
      return { id: info.messageId };
    },
  };
}
