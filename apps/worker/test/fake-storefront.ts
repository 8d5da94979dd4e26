import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyRevalidation } from '@shop/core';

/**
 * Stands in for a storefront replica's /api/revalidate: verifies signatures and records each
 * call's tags. While `hang.on` is set it takes requests and never answers them (a job stays in
 * flight).
 */
export async function fakeStorefront(secret: string) {
  const received: string[][] = [];
  const hang = { on: false };
  const server = http.createServer((req, res) => {
    if (hang.on) return;
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const header = req.headers['x-shop-signature'];
      const result = verifyRevalidation(secret, body, typeof header === 'string' ? header : null);
      if (!result.ok) {
        res.writeHead(result.status).end(result.reason);
        return;
      }
      received.push(result.tags);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    hang,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
