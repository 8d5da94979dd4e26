import { captureLogger } from '@shop/logger/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openShop, type TestShop } from '../../core/test/shop';
import { apiShop } from '../test/shop';
import { createStorefrontContext, storefrontApi } from './index';
import { BODY_LIMITS, handleTrpcRequest } from './edge';

/** The error shape carries the domain's code, so the apps never parse a sentence to branch. */
let shop: TestShop;
beforeAll(async () => {
  shop = await openShop();
});
afterAll(async () => {
  await shop.close();
});

const quiet = captureLogger().logger;

async function call(path: string, input: unknown) {
  const res = await handleTrpcRequest({
    req: new Request(`http://shop.test/api/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: input }),
    }),
    router: storefrontApi,
    maxBodyBytes: BODY_LIMITS.storefrontApi,
    logger: () => quiet,
    createContext: () => createStorefrontContext(apiShop(shop)),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      error: { json: { message: string; data: { code: string; domainCode?: string } } };
    },
  };
}

describe('error shape', () => {
  it('gives the CommerceError code beside the tRPC code and the sentence', async () => {
    const { status, body } = await call('storefront.cart.updateLine', { lineId: 1, quantity: 2 });
    expect(status).toBe(404);
    expect(body.error.json.data.code).toBe('NOT_FOUND');
    expect(body.error.json.data.domainCode).toBe('CART_NOT_FOUND');
    expect(body.error.json.message).toBe('Your cart is empty.');
  });

  it('gives no domain code for an input error', async () => {
    const { status, body } = await call('storefront.cart.add', { variantId: 1, quantity: 0 });
    expect(status).toBe(400);
    expect(body.error.json.data.domainCode).toBeUndefined();
  });
});
