import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAllowList } from './addresses';
import { DEFAULT_RETRY_SECONDS, nextRetryDelayMs } from './retry';
import { RESPONSE_BODY_BYTES, sendWebhook, type SendRequest } from './send';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise((r) => {
          s.closeAllConnections();
          s.close(r);
        }),
    ),
  );
});

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

const request = (url: string, change: Partial<SendRequest> = {}): SendRequest => ({
  url,
  headers: { 'content-type': 'application/json' },
  body: '{"type":"order.placed"}',
  timeoutMs: 2000,
  allowList: parseAllowList('127.0.0.1'),
  resolve: () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]),
  ...change,
});

describe('sendWebhook', () => {
  it('does not follow a redirect: a 3xx is a failure naming it', async () => {
    let followed = false;
    const target = await serve((_req, res) => {
      followed = true;
      res.end('ok');
    });
    const url = await serve((_req, res) => res.writeHead(307, { location: target }).end());
    const result = await sendWebhook(request(url));
    expect(result).toMatchObject({
      statusCode: 307,
      error: `The receiver answered 307 (a redirect to ${target}); redirects are not followed, register the final URL.`,
    });
    expect(followed).toBe(false);
  });

  it('keeps at most 4 KB of a large answer and does not wait for the rest', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200);
      res.write('x'.repeat(64 * 1024));
      // …and never ends the answer.
    });
    const result = await sendWebhook(request(url));
    expect(result.statusCode).toBe(200);
    expect(result.error).toBeNull();
    expect(result.responseBody).toHaveLength(RESPONSE_BODY_BYTES);
  });

  it('refuses an IP literal that is not allowed before connecting', async () => {
    let reached = false;
    const url = await serve((_req, res) => {
      reached = true;
      res.end();
    });
    const result = await sendWebhook(request(url, { allowList: parseAllowList('') }));
    expect(result).toMatchObject({
      statusCode: null,
      error: '127.0.0.1 is a loopback address; add it to WEBHOOK_ALLOWED_HOSTS to allow it.',
    });
    expect(reached).toBe(false);
  });

  it('reports a refused connection as an attempt without a status', async () => {
    const url = await serve((_req, res) => res.end());
    const closed = servers.pop();
    await new Promise((r) => closed?.close(r));
    const result = await sendWebhook(request(url));
    expect(result.statusCode).toBeNull();
    expect(result.error).toMatch(/ECONNREFUSED/);
  });
});

describe('the retry schedule', () => {
  it('spans at least three days over ten attempts, with bounded jitter', () => {
    expect(DEFAULT_RETRY_SECONDS.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(72 * 3600);
    expect(DEFAULT_RETRY_SECONDS).toHaveLength(9);
    expect(nextRetryDelayMs(DEFAULT_RETRY_SECONDS, 1, () => 0.5)).toBe(5000);
    expect(nextRetryDelayMs(DEFAULT_RETRY_SECONDS, 1, () => 0)).toBe(4500);
    expect(nextRetryDelayMs(DEFAULT_RETRY_SECONDS, 9, () => 1)).toBe(95_040_000);
    expect(nextRetryDelayMs(DEFAULT_RETRY_SECONDS, 10)).toBeNull();
  });
});
