import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ADDRESS_HEADER, parseTrustedProxies } from '@shop/env/client-address';
import { identifyClient, readShopRole, servesPath } from './serve-next';

/**
 * serve-next's identity step over real sockets: a server that runs `identifyClient` and echoes
 * what an app behind it would see, reached from different loopback addresses (127.0.0.x) with
 * forged headers.
 */
let trusted = parseTrustedProxies('');
let server: http.Server;
let port = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    identifyClient(req, trusted);
    const raw: string[] = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      if (req.rawHeaders[i]?.toLowerCase() === CLIENT_ADDRESS_HEADER)
        raw.push(req.rawHeaders[i + 1] ?? '');
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ seen: req.headers[CLIENT_ADDRESS_HEADER], raw }));
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function ask(
  localAddress: string,
  headers: Record<string, string>,
): Promise<{ seen: string; raw: string[] }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, localAddress, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(JSON.parse(body) as { seen: string; raw: string[] }));
    });
    req.on('error', reject);
  });
}

const forged = {
  'x-forwarded-for': '6.6.6.6',
  'X-Shop-Client-Address': '6.6.6.6',
};

describe('serve-next client identity', () => {
  it('with no proxy trusted, the client is the socket peer; forged headers are replaced', async () => {
    trusted = parseTrustedProxies('');
    expect(await ask('127.0.0.81', forged)).toEqual({ seen: '127.0.0.81', raw: ['127.0.0.81'] });
    expect(await ask('127.0.0.82', { ...forged, 'x-forwarded-for': '7.7.7.7' })).toEqual({
      seen: '127.0.0.82',
      raw: ['127.0.0.82'],
    });
  });

  it('behind a trusted proxy, the forwarded client counts, one per forwarded address', async () => {
    trusted = parseTrustedProxies('127.0.0.90');
    const via = (client: string) =>
      ask('127.0.0.90', { ...forged, 'x-forwarded-for': `6.6.6.6, ${client}` });
    expect((await via('203.0.113.5')).seen).toBe('203.0.113.5');
    expect((await via('2001:db8::7')).seen).toBe('2001:db8:0:0:0:0:0:7');
    // A peer that is not the trusted proxy is itself the client, whatever it forwards.
    expect((await ask('127.0.0.91', { 'x-forwarded-for': '203.0.113.5' })).seen).toBe('127.0.0.91');
  });
});

describe('serve-next roles (SHOP_ROLE)', () => {
  it('all serves everything; pages serve pages and media, never the API; api serves /api only; both answer the probes and revalidation', () => {
    const table: Array<[string, boolean, boolean, boolean]> = [
      // url, all, pages, api
      ['/', true, true, false],
      ['/p/tee?colour=red', true, true, false],
      ['/_next/static/chunks/a.js', true, true, false],
      ['/media/products/1/a.webp', true, true, false],
      ['/apiary', true, true, false],
      ['/api/trpc/storefront.cart.get', true, false, true],
      ['/api/auth/sign-in/email', true, false, true],
      ['/api/revalidate', true, true, true],
      ['/api/edge/purge-check', true, true, true],
      ['/api', true, false, true],
      ['/api/health', true, true, true],
      ['/api/ready?verbose=1', true, true, true],
      ['/api/metrics', true, true, true],
    ];
    for (const [url, all, pages, api] of table)
      expect([
        url,
        servesPath('all', url),
        servesPath('pages', url),
        servesPath('api', url),
      ]).toEqual([url, all, pages, api]);
  });

  it('reads SHOP_ROLE: unset is all; an unknown role is refused with a sentence', () => {
    expect(readShopRole(undefined)).toBe('all');
    expect(readShopRole('')).toBe('all');
    expect(readShopRole('api')).toBe('api');
    expect(() => readShopRole('API')).toThrow('SHOP_ROLE must be all, pages or api (got "API").');
  });
});
