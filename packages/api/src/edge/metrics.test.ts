import { shopMetrics } from '@shop/observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openShop, type TestShop } from '../../../core/test/shop';
import { apiShop } from '../../test/shop';
import { createStorefrontContext, storefrontApi } from '../index';
import { BODY_LIMITS, handleTrpcRequest } from './index';
import { withRouteBoundary } from './route-boundary';

let shop: TestShop;
beforeAll(async () => {
  shop = await openShop(2);
});
afterAll(async () => {
  await shop.close();
});

const noLog = () => ({ error: () => undefined }) as never;

function storefront(req: Request): Promise<Response> {
  return handleTrpcRequest({
    req,
    router: storefrontApi,
    maxBodyBytes: BODY_LIMITS.storefrontApi,
    logger: noLog,
    createContext: () =>
      createStorefrontContext(apiShop(shop), {
        cart: { get: () => null, set: () => undefined },
        clientKey: 'metrics-test',
      }),
  });
}

const get = (path: string, input?: unknown) =>
  new Request(
    `http://shop.test/api/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`}`,
  );

/** `http_request_duration_seconds`'s count for one series, read from the scrape text. */
async function countOf(route: string, status: number): Promise<number> {
  const text = await shopMetrics().registry.metrics();
  const line = text
    .split('\n')
    .find((l) =>
      l.startsWith(
        `http_request_duration_seconds_count{route="${route}",method="GET",status="${status}"}`,
      ),
    );
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

describe('the API edge reports each request to the metrics', () => {
  it('times tRPC calls under their procedure and status, never the input or a made-up path', async () => {
    const before = await countOf('trpc:storefront.catalog.regions', 200);
    for (let i = 0; i < 3; i++)
      expect((await storefront(get('storefront.catalog.regions'))).status).toBe(200);
    const missing = await storefront(
      get('storefront.catalog.productByHandle', { handle: 'no-such-thing-12345' }),
    );
    expect(missing.status).toBe(404);
    expect((await storefront(get('storefront.made.up.path'))).status).toBe(404);

    expect(await countOf('trpc:storefront.catalog.regions', 200)).toBe(before + 3);
    expect(await countOf('trpc:storefront.catalog.productByHandle', 404)).toBeGreaterThanOrEqual(1);
    expect(await countOf('trpc:(unknown)', 404)).toBeGreaterThanOrEqual(1);
    const text = await shopMetrics().registry.metrics();
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).not.toContain('no-such-thing-12345');
    expect(text).not.toContain('made.up');
  });

  it('times a plain route under its name, a thrown error as 500', async () => {
    const route = withRouteBoundary(
      { name: 'metrics-test-route', maxBodyBytes: 1000, logger: noLog },
      async (req) => {
        if (new URL(req.url).searchParams.has('fail')) throw new Error('boom');
        return new Response('ok');
      },
    );
    await route(new Request('http://shop.test/api/x/123'));
    expect((await route(new Request('http://shop.test/api/x/456?fail'))).status).toBe(500);
    expect(await countOf('metrics-test-route', 200)).toBe(1);
    expect(await countOf('metrics-test-route', 500)).toBe(1);
  });
});
