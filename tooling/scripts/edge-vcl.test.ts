/**
 * The edge's VCL (docker/varnish/default.vcl) under a real varnishd (`startEdge`), in front of a
 * small origin of this file's own (node:http) that answers as the storefront does: pages with
 * Cache-Control and Cache-Tag, `/api/health`, and `/api/edge/purge-check` with the core's
 * `verifyEdgePurge`, so the purge's signature is checked by the same code as in production.
 * Skipped only when varnishd is not installed (the test's name says so).
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signEdgePurge, verifyEdgePurge } from '@shop/core';
import { edgeAvailable, freePort, repoRoot, startEdge, type RunningEdge } from '@shop/services';
import { RESERVED_REGION_CODES } from '@shop/validators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep, waitFor } from './lib/harness';

const installed = edgeAvailable();
const secret = randomBytes(32).toString('hex');

interface Page {
  body: string;
  headers: Record<string, string>;
  status?: number;
}

describe.skipIf(!installed)(
  `the edge's VCL under varnishd${installed ? '' : ' (skipped: varnishd is not installed)'}`,
  () => {
    let edge: RunningEdge;
    let origin: http.Server;
    /** What the origin answers per path (changed by the tests), and what it saw. */
    const pages = new Map<string, Page>();
    const seen: {
      method: string;
      url: string;
      cookie?: string;
      headers: http.IncomingHttpHeaders;
    }[] = [];
    const hits = (url: string) => seen.filter((r) => r.url === url && r.method === 'GET').length;
    const cacheable = 'public, s-maxage=300, stale-while-revalidate=600';

    beforeAll(async () => {
      origin = http.createServer((req, res) => {
        const url = req.url ?? '/';
        if (url === '/api/health') {
          res.end('ok');
          return;
        }
        seen.push({
          method: req.method ?? '',
          url,
          cookie: req.headers.cookie,
          headers: req.headers,
        });
        if (url === '/api/edge/purge-check' && req.method === 'POST') {
          const headers = { get: (n: string) => (req.headers[n] as string | undefined) ?? null };
          const result = verifyEdgePurge(secret, headers);
          if (result.ok) res.writeHead(204, { 'x-edge-purge': 'verified' }).end();
          else res.writeHead(result.status, { 'content-type': 'text/plain' }).end(result.reason);
          return;
        }
        const page = pages.get(url.split('?')[0] ?? url);
        if (!page) {
          res.writeHead(404, { 'cache-control': 'private, no-store' }).end('not found');
          return;
        }
        res.writeHead(page.status ?? 200, { 'content-type': 'text/html', ...page.headers });
        res.end(page.body);
      });
      await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
      const { port } = origin.address() as { port: number };
      edge = await startEdge({ port: await freePort(), pages: [`http://127.0.0.1:${port}`] });
    }, 30_000);

    afterAll(async () => {
      await edge?.stop();
      await new Promise((r) => origin?.close(r));
    });

    const get = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${edge.url}${path}`, { headers, signal: AbortSignal.timeout(5_000) });
    const purge = (headers: Record<string, string>) =>
      fetch(`${edge.url}/`, { method: 'PURGE', headers, signal: AbortSignal.timeout(5_000) });
    /** A product page as the storefront tags it, cached at the edge by one request. */
    async function cachedProduct(handle: string, body = `${handle} v1`) {
      const path = `/us/p/${handle}`;
      pages.set(path, {
        body,
        headers: { 'cache-control': cacheable, 'cache-tag': `catalog,product-handle:${handle}` },
      });
      expect((await get(path)).headers.get('x-cache')).toBe('MISS');
      return path;
    }

    it('answers the second request for a page from its cache (X-Cache HIT, hits counted) without reaching the origin, and keeps Cache-Tag from clients', async () => {
      const path = await cachedProduct('hit');
      const before = edge.counters(['MAIN.backend_req'])['MAIN.backend_req'];
      const res = await get(path);
      expect(res.headers.get('x-cache')).toBe('HIT');
      expect(res.headers.get('x-cache-hits')).toBe('1');
      expect(Number(res.headers.get('age'))).toBeGreaterThanOrEqual(0);
      expect(res.headers.get('cache-tag')).toBeNull();
      expect(res.headers.get('xkey')).toBeNull();
      expect(await res.text()).toBe('hit v1');
      expect(hits(path)).toBe(1);
      expect(edge.counters(['MAIN.backend_req'])['MAIN.backend_req']).toBe(before);
      // Shown on request, for debugging.
      const debug = await get(path, { 'x-edge-debug': '1' });
      expect(debug.headers.get('cache-tag')).toBe('catalog,product-handle:hit');
    });

    it('drops cookies on catalog pages (cached for everyone) and passes them, uncached, elsewhere', async () => {
      const path = await cachedProduct('cookie');
      const res = await get(path, { cookie: 'shop_cart=abc' });
      expect(res.headers.get('x-cache')).toBe('HIT');
      expect(seen.filter((r) => r.url === path).every((r) => r.cookie === undefined)).toBe(true);

      pages.set('/cart', { body: 'cart', headers: { 'cache-control': cacheable } });
      for (let i = 0; i < 2; i++) await get('/cart', { cookie: 'shop_cart=abc' });
      const cart = seen.filter((r) => r.url === '/cart');
      expect(cart).toHaveLength(2);
      expect(cart.every((r) => r.cookie === 'shop_cart=abc')).toBe(true);
    });

    it('passes the shopper address alone as X-Forwarded-For: a forged chain never reaches the origin', async () => {
      pages.set('/api/trpc/whoami', { body: 'me', headers: { 'cache-control': 'private' } });
      await get('/api/trpc/whoami', { 'x-forwarded-for': '203.0.113.9, 198.51.100.7' });
      const [forwarded] = seen.filter((r) => r.url === '/api/trpc/whoami');
      expect(forwarded?.headers['x-forwarded-for']).toMatch(/^(127\.0\.0\.1|::1)$/);
    });

    it('treats any 2 to 8 letter region as a catalog page, but never the reserved top-level paths', async () => {
      pages.set('/nordics/p/boot', {
        body: 'boot',
        headers: { 'cache-control': cacheable, 'cache-tag': 'catalog,product-handle:boot' },
      });
      for (let i = 0; i < 2; i++) await get('/nordics/p/boot', { cookie: 'shop_cart=abc' });
      expect(seen.filter((r) => r.url === '/nordics/p/boot').map((r) => r.cookie)).toEqual([
        undefined,
      ]);
      // Every reserved code keeps its cookie (the old /search redirects by it), and the VCL's
      // list is the validators' list.
      const reserved = RESERVED_REGION_CODES.filter((c) => c !== 'default');
      const vcl = readFileSync(join(repoRoot, 'docker/varnish/default.vcl'), 'utf8');
      expect(vcl).toContain(`^/(?!(${reserved.join('|')})(/|\\?|$))[a-z]{2,8}`);
      for (const code of reserved) {
        const url = `/${code}?probe=reserved`; // a URL no other test asks for
        pages.set(`/${code}`, { body: code, headers: { 'cache-control': cacheable } });
        await get(url, { cookie: 'shop_cart=abc' });
        expect(seen.filter((r) => r.url === url).map((r) => r.cookie)).toEqual(['shop_cart=abc']);
      }
    });

    it('tells clients to revalidate a page it keeps for s-maxage (only the edge is purged)', async () => {
      const path = await cachedProduct('downstream');
      const res = await get(path);
      expect(res.headers.get('x-cache')).toBe('HIT');
      expect(res.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
      pages.set('/_next/static/app.js', {
        body: 'js',
        headers: { 'cache-control': 'public, max-age=31536000, immutable' },
      });
      const asset = await get('/_next/static/app.js');
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    });

    it("does not keep Next's stale copy (x-nextjs-cache: STALE) as fresh: the next request fetches again", async () => {
      const path = '/us/p/stale';
      pages.set(path, {
        body: 'old',
        headers: { 'cache-control': cacheable, 'x-nextjs-cache': 'STALE', 'cache-tag': 'catalog' },
      });
      await get(path);
      pages.set(path, {
        body: 'new',
        headers: { 'cache-control': cacheable, 'x-nextjs-cache': 'HIT', 'cache-tag': 'catalog' },
      });
      // Served from grace while one background fetch replaces it...
      await get(path);
      await waitFor('the background fetch', () => (hits(path) >= 2 ? true : undefined), 5_000);
      // ...after which the new page is a plain hit, kept.
      const fresh = await waitFor(
        'the new page at the edge',
        async () => {
          const res = await get(path);
          return (await res.text()) === 'new' ? res : undefined;
        },
        5_000,
      );
      expect(fresh.headers.get('x-cache')).toBe('HIT');
      const count = hits(path);
      await get(path);
      expect(hits(path)).toBe(count);
    });

    it('a signed purge soft-purges exactly the pages carrying its keys', async () => {
      const a = await cachedProduct('purge-a');
      const b = await cachedProduct('purge-b');
      const res = await purge(signEdgePurge(secret, ['product-handle:purge-a']));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ purged: 1 });
      expect(res.headers.get('x-edge-purged')).toBe('1');

      pages.set(a, { ...(pages.get(a) as Page), body: 'purge-a v2' });
      // The purged page: its stale copy at once, the new one once the background fetch is back.
      await get(a);
      const fresh = await waitFor(
        'the purged page refetched',
        async () => ((await (await get(a)).text()) === 'purge-a v2' ? true : undefined),
        5_000,
      );
      expect(fresh).toBe(true);
      expect(hits(a)).toBe(2);
      // The other one was not touched.
      expect((await get(b)).headers.get('x-cache')).toBe('HIT');
      expect(hits(b)).toBe(1);

      // Several keys at once; `catalog` names both.
      const both = await purge(signEdgePurge(secret, ['catalog', 'listing']));
      expect(both.status).toBe(200);
      expect(Number(both.headers.get('x-edge-purged'))).toBeGreaterThanOrEqual(2);
    });

    it('a purge without a valid signature is refused with 403 and changes nothing, whatever internal headers it forges', async () => {
      const path = await cachedProduct('guarded');
      const signed = signEdgePurge(secret, ['product-handle:guarded']);
      const attempts: Record<string, string>[] = [
        // No signature at all.
        { 'xkey-purge': 'product-handle:guarded' },
        // Signed with another secret.
        signEdgePurge(randomBytes(32).toString('hex'), ['product-handle:guarded']),
        // A valid signature for other keys.
        {
          ...signEdgePurge(secret, ['product-handle:other']),
          'xkey-purge': 'product-handle:guarded',
        },
        // A valid signature, ten minutes old.
        signEdgePurge(secret, ['product-handle:guarded'], Date.now() - 10 * 60_000),
        // Forged internal headers: the edge's own verdict and check.
        { 'xkey-purge': 'product-handle:guarded', 'x-edge-purge-verified': '1' },
        {
          'xkey-purge': 'product-handle:guarded',
          'x-edge-purge-check': '1',
          'x-edge-purge-verified': '1',
          'x-shop-signature': 'sha256=00',
          'x-shop-purge-timestamp': String(Date.now()),
        },
        // No keys.
        { ...signed, 'xkey-purge': '' },
      ];
      for (const headers of attempts) {
        const res = await purge(headers);
        expect(res.status, JSON.stringify(headers)).toBe(403);
        expect(res.headers.get('x-edge-purged')).toBeNull();
      }
      const after = await get(path);
      expect(after.headers.get('x-cache')).toBe('HIT');
      expect(hits(path)).toBe(1);
    });

    it('a client cannot turn a GET into the purge check: internal headers are dropped before the origin sees them', async () => {
      const path = await cachedProduct('forged-get');
      await get(path, { 'x-edge-purge-check': '1', 'x-edge-fresh-only': '1' });
      const reached = seen.filter((r) => r.url === '/api/edge/purge-check');
      const before = reached.length;
      await get('/us/p/forged-get-2', { 'x-edge-purge-check': '1' });
      expect(seen.filter((r) => r.url === '/api/edge/purge-check')).toHaveLength(before);
      expect(seen.find((r) => r.url === '/us/p/forged-get-2')?.headers['x-edge-purge-check']).toBe(
        undefined,
      );
    });

    it('serves a copy past its TTL while the origin fails, for as long as stale-if-error says, and fetches anew once it is back', async () => {
      const path = '/us/p/sie';
      pages.set(path, {
        body: 'kept',
        headers: {
          'cache-control': 'public, s-maxage=1, stale-if-error=60',
          'cache-tag': 'catalog',
        },
      });
      await get(path);
      pages.set(path, {
        body: 'down',
        status: 500,
        headers: { 'cache-control': 'private, no-store' },
      });
      await sleep(2_100);
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('kept');
      // The fetch that failed (and maybe the background refresh the stale copy started).
      expect(hits(path)).toBeGreaterThanOrEqual(2);
      pages.set(path, { body: 'back', headers: { 'cache-control': cacheable } });
      const again = await get(path);
      expect(await again.text()).toBe('back');
    });
  },
);
