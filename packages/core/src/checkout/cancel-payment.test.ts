import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelCheckoutPayment } from './cancel-payment';
import { openShop, type TestShop } from '../../test/shop';

/**
 * The `cancel-payment` job's payload comes from the queue, not from the core: a checkout id that
 * is no UUID (a hand-queued or corrupted job) is skipped, not sent to Postgres, where the cast
 * would fail and the job retry until graphile-worker gives up.
 */
let shop: TestShop;
beforeAll(async () => {
  shop = await openShop();
});
afterAll(async () => {
  await shop.close();
});

describe('cancelCheckoutPayment', () => {
  it('skips a checkout id that is not a UUID instead of failing', async () => {
    await expect(
      cancelCheckoutPayment(shop.db, { checkoutId: 'not-a-uuid' }, { payments: shop.payments }),
    ).resolves.toBe('skipped');
  });

  it('skips a checkout that does not exist', async () => {
    await expect(
      cancelCheckoutPayment(shop.db, { checkoutId: randomUUID() }, { payments: shop.payments }),
    ).resolves.toBe('skipped');
  });
});
