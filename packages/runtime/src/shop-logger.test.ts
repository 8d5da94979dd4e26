import { ConfigError } from '@shop/env';
import { captureLogger } from '@shop/logger/testing';
import { describe, expect, it } from 'vitest';
import { readShopEnv } from './env';
import { createShop } from './shop';

// Building a Shop opens no connection, so these need no database.
describe("the Shop's logger", () => {
  it('is built from LOG_LEVEL and LOG_FORMAT', async () => {
    const shop = createShop(readShopEnv({ LOG_LEVEL: 'warn', LOG_FORMAT: 'json' }));
    try {
      expect(shop.logger.level).toBe('warn');
      expect(shop.logger.isLevelEnabled('info')).toBe(false);
    } finally {
      await shop.close();
    }
  });

  it('is the one handed in, when one is (the apps name theirs; tests keep the lines)', async () => {
    const { logger, lines } = captureLogger({ name: 'storefront' });
    const shop = createShop(readShopEnv({}), { logger });
    try {
      shop.logger.info('hello');
      expect(shop.logger).toBe(logger);
      expect(lines).toMatchObject([{ name: 'storefront', msg: 'hello' }]);
    } finally {
      await shop.close();
    }
  });

  it('refuses a bad LOG_LEVEL with its sentence', () => {
    expect(() => readShopEnv({ LOG_LEVEL: 'loud' })).toThrow(
      new ConfigError('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent.'),
    );
  });
});
