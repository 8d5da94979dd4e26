/**
 * Two storefront replicas behind the edge (issue 12's acceptance): real processes — the built
 * storefront twice (ports 3450 and 3452, one build), the admin and the worker with
 * `STOREFRONT_URLS` naming both and `EDGE_PURGE_URL` the edge, and a real varnishd on 3453
 * (`startEdge`, the compose VCL with these two replicas as its page backends), on a Postgres
 * cluster of this file's own. The edge answers a repeated page from its cache without asking a
 * replica (its headers and its backend counter show it); an admin edit reaches the edge's copy
 * within 2 s (the worker revalidates both replicas, then sends one signed purge); a purge
 * without a valid signature changes nothing.
 *
 * Skipped only when varnishd is not installed (the name says so). Builds the apps first
 * (Turborepo, cached), shared with the end-to-end run:
 * `flock /tmp/shop-e2e.lock pnpm vitest run tooling/scripts/edge.test.ts`.
 */
import { randomBytes } from 'node:crypto';
import { signEdgePurge, updateProduct } from '@shop/core';
import type { Db } from '@shop/db/client';
import { dedicatedCluster, edgeAvailable, startEdge, type RunningEdge } from '@shop/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activeProduct,
  sleep,
  startShopUnderTest,
  startStorefrontReplica,
  stopShopUnderTest,
  type ShopUnderTest,
} from './lib/harness';
import { escapeHtml } from './lib/html';
import { stopAll, type Managed } from './lib/processes';

const installed = edgeAvailable();
const cluster = dedicatedCluster('edge', 54352);
const PORTS = { storefront: 3450, admin: 3451, secondStorefront: 3452, edge: 3453 };
const replicas = [
  `http://localhost:${PORTS.storefront}`,
  `http://localhost:${PORTS.secondStorefront}`,
];
const edgeUrl = `http://127.0.0.1:${PORTS.edge}`;
const secret = randomBytes(32).toString('hex');
const quiet = !process.env.EDGE_VERBOSE;

describe.skipIf(!installed)(
  `two storefront replicas behind the edge${installed ? '' : ' (skipped: varnishd is not installed)'}`,
  () => {
    const shop: Partial<ShopUnderTest> = {};
    let db: Db;
    let second: Managed | undefined;
    let edge: RunningEdge | undefined;

    beforeAll(async () => {
      const env = { STOREFRONT_URLS: replicas.join(','), EDGE_PURGE_URL: edgeUrl };
      const started = await startShopUnderTest(shop, {
        cluster,
        products: 10,
        storefrontPort: PORTS.storefront,
        adminPort: PORTS.admin,
        revalidateSecret: secret,
        quiet,
        env,
      });
      db = started.db;
      second = await startStorefrontReplica({
        port: PORTS.secondStorefront,
        databaseUrl: started.url,
        revalidateSecret: secret,
        env,
        quiet,
      });
      edge = await startEdge({ port: PORTS.edge, pages: replicas });
    }, 900_000);

    afterAll(async () => {
      await edge?.stop();
      if (second) await stopAll([second]);
      await stopShopUnderTest(shop);
    }, 120_000);

    const get = (url: string) => fetch(`${edgeUrl}${url}`, { signal: AbortSignal.timeout(15_000) });
    const backendRequests = () => edge?.counters(['MAIN.backend_req'])['MAIN.backend_req'] ?? 0;

    /** The `offset`-th active product and its page's URL, cached at the edge. */
    async function cachedAtTheEdge(offset: number) {
      const row = await activeProduct(db, offset);
      const url = `/us/p/${row.handle}`;
      const first = await get(url);
      expect(first.status).toBe(200);
      expect(await first.text()).toContain(escapeHtml(row.title));
      return { ...row, url };
    }

    it('answers a repeated product page from its cache without reaching a replica (X-Cache HIT, Age, no backend request)', async () => {
      const product = await cachedAtTheEdge(0);
      const before = backendRequests();
      const res = await get(product.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-cache')).toBe('HIT');
      expect(Number(res.headers.get('x-cache-hits'))).toBeGreaterThanOrEqual(1);
      expect(res.headers.get('age')).toMatch(/^\d+$/);
      // The page's keys reached the edge's index and are not shown to the client.
      expect(res.headers.get('cache-tag')).toBeNull();
      expect(await res.text()).toContain(escapeHtml(product.title));
      expect(backendRequests()).toBe(before);
      const debug = await fetch(`${edgeUrl}${product.url}`, { headers: { 'x-edge-debug': '1' } });
      expect(debug.headers.get('cache-tag')).toBe(`catalog,product-handle:${product.handle}`);
    }, 60_000);

    it('serves an admin edit fresh through the edge within 2 s', async () => {
      const product = await cachedAtTheEdge(1);
      expect((await get(product.url)).headers.get('x-cache')).toBe('HIT');

      const title = `Fresh at the edge ${randomBytes(3).toString('hex')}`;
      const editedAt = Date.now();
      await updateProduct(db, { id: product.id, title });
      let seenAfter = Number.POSITIVE_INFINITY;
      while (Date.now() - editedAt < 10_000) {
        const res = await get(product.url);
        if ((await res.text()).includes(escapeHtml(title))) {
          seenAfter = Date.now() - editedAt;
          break;
        }
        await sleep(100);
      }
      expect(seenAfter).toBeLessThan(2_000);
      // And the new page is then the edge's cached copy.
      const again = await get(product.url);
      expect(await again.text()).toContain(escapeHtml(title));
    }, 60_000);

    it('refuses a purge without a valid signature (403) and keeps the page cached', async () => {
      const product = await cachedAtTheEdge(2);
      const key = `product-handle:${product.handle}`;
      for (const headers of [
        { 'xkey-purge': key },
        signEdgePurge(randomBytes(32).toString('hex'), [key]),
        signEdgePurge(secret, [key], Date.now() - 10 * 60_000),
      ]) {
        const res = await fetch(`${edgeUrl}/`, { method: 'PURGE', headers });
        expect(res.status).toBe(403);
      }
      const before = backendRequests();
      const res = await get(product.url);
      expect(res.headers.get('x-cache')).toBe('HIT');
      expect(backendRequests()).toBe(before);
      // The worker's own signature is accepted (the secret it shares with the storefront).
      const signed = await fetch(`${edgeUrl}/`, {
        method: 'PURGE',
        headers: signEdgePurge(secret, [key]),
      });
      expect(signed.status).toBe(200);
      expect(await signed.json()).toEqual({ purged: 1 });
    }, 60_000);
  },
);
