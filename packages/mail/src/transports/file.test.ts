import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMail } from '../render';
import { createFileTransport } from './file';
import { createSmtpTransport } from './smtp';

let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'shop-mail-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** A small RFC 5322 / MIME reader: enough to prove the file is a well-formed message. */
function parseMessage(raw: string): { headers: Map<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) throw new Error('no blank line between header and body');
  const headers = new Map<string, string>();
  const unfolded = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  for (const line of unfolded.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`malformed header line: ${line}`);
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: raw.slice(split + 4) };
}

function decode(part: { headers: Map<string, string>; body: string }): string {
  const encoding = part.headers.get('content-transfer-encoding')?.toLowerCase() ?? '7bit';
  if (encoding === 'base64') return Buffer.from(part.body, 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const soft = part.body.replace(/=\r\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < soft.length; i++) {
      const hex = soft[i] === '=' ? /^[0-9A-F]{2}/.exec(soft.slice(i + 1, i + 3)) : null;
      if (hex) {
        bytes.push(Number.parseInt(hex[0], 16));
        i += 2;
      } else {
        bytes.push(soft.charCodeAt(i));
      }
    }
    return Buffer.from(bytes).toString('utf8');
  }
  return part.body;
}

describe('file transport', () => {
  it('writes a parseable multipart .eml and an .html copy', async () => {
    const transport = createFileTransport(dir, { from: 'Test Shop <shop@test.local>' });
    const url = 'http://localhost:3000/api/auth/reset-password/tok?callbackURL=%2Faccount';
    const mail = renderMail('password-reset', { url, name: 'Zoë' });
    const { id } = await transport.send({ to: 'ada@example.com', ...mail });

    const files = (await fs.readdir(dir)).sort();
    expect(files).toHaveLength(2);
    const [emlName, htmlName] = [
      files.find((f) => f.endsWith('.eml')),
      files.find((f) => f.endsWith('.html')),
    ];
    expect(emlName).toMatch(
      /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-reset-your-shop-password-[0-9a-f]{4}\.eml$/,
    );
    expect(htmlName).toBe(emlName?.replace(/\.eml$/, '.html'));
    if (!emlName || !htmlName) throw new Error('files missing');

    expect(await fs.readFile(path.join(dir, htmlName), 'utf8')).toBe(mail.html);

    const raw = await fs.readFile(path.join(dir, emlName), 'utf8');
    expect(raw).not.toMatch(/[^\r]\n/);
    const message = parseMessage(raw);
    expect(message.headers.get('from')).toBe('Test Shop <shop@test.local>');
    expect(message.headers.get('to')).toBe('ada@example.com');
    expect(message.headers.get('subject')).toBe('Reset your Shop password');
    expect(message.headers.get('message-id')).toBe(id);
    expect(message.headers.get('mime-version')).toBe('1.0');
    expect(Number.isNaN(Date.parse(message.headers.get('date') ?? ''))).toBe(false);

    const contentType = message.headers.get('content-type') ?? '';
    expect(contentType).toMatch(/^multipart\/alternative;/);
    const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
    if (!boundary) throw new Error('no boundary');
    const parts = message.body
      .split(`--${boundary}`)
      .slice(1, -1)
      .map((p) => parseMessage(p.replace(/^\r\n/, '').replace(/\r\n$/, '')));
    expect(parts.map((p) => p.headers.get('content-type'))).toEqual([
      'text/plain; charset=utf-8',
      'text/html; charset=utf-8',
    ]);
    const [textPart, htmlPart] = parts;
    if (!textPart || !htmlPart) throw new Error('parts missing');
    expect(decode(textPart).replace(/\r\n/g, '\n')).toBe(mail.text);
    expect(decode(htmlPart).replace(/\r\n/g, '\n')).toBe(mail.html);
    expect(decode(textPart)).toContain('Hi Zoë,');
  });

  it('keeps two mails with the same subject apart', async () => {
    const transport = createFileTransport(path.join(dir, 'twice'));
    const mail = renderMail('password-reset', { url: 'http://localhost:3000/x' });
    await Promise.all([
      transport.send({ to: 'a@example.com', ...mail }),
      transport.send({ to: 'b@example.com', ...mail }),
    ]);
    const files = await fs.readdir(path.join(dir, 'twice'));
    expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(2);
  });
});

describe('SMTP transport', () => {
  it('rejects when the server cannot be reached, so the job is retried', async () => {
    // Port 9 (discard) on loopback: nothing listens there, the connection is refused at once.
    const transport = createSmtpTransport('smtp://127.0.0.1:9');
    try {
      await expect(
        transport.send({ to: 'a@example.com', subject: 's', text: 't', html: '<p>t</p>' }),
      ).rejects.toThrow(/ECONNREFUSED|connect/i);
    } finally {
      transport.close();
    }
  });
});
