import { describe, expect, it } from 'vitest';
import { processShop } from './process-shop';

describe('processShop', () => {
  it('builds the Shop and its logger on first use, once, the Shop logging through that logger', async () => {
    const app = processShop({ name: 'test-app' });
    const logger = app.getLogger();
    expect(app.getLogger()).toBe(logger);
    const shop = app.getShop();
    try {
      expect(app.getShop()).toBe(shop);
      expect(shop.logger).toBe(logger);
    } finally {
      await shop.close();
    }
  });
});
