import { loggerFromEnv, type CreateLoggerOptions, type Logger } from '@shop/logger';
import { readShopEnv } from './env';
import type { Plugin } from '@shop/plugins';
import { createShop, type Shop } from './shop';

/**
 * An app process's Shop and logger, each built on first use (so importing a route at build
 * time opens nothing) and then kept for the process. The logger needs only the `LOG_*`
 * variables, so a Shop that cannot be built (a bad payments key) is still reported through it.
 * Each app calls this once, in its `src/server/shop.ts`, with its name and log context and the
 * plugins of `shop.config.ts`.
 */
export function processShop(
  options: Pick<CreateLoggerOptions, 'name' | 'context'> & { plugins?: readonly Plugin[] },
): {
  getShop(): Shop;
  getLogger(): Logger;
} {
  let shop: Shop | undefined;
  let logger: Logger | undefined;
  const getLogger = () => (logger ??= loggerFromEnv(options));
  return {
    getLogger,
    getShop: () =>
      (shop ??= createShop(readShopEnv(), {
        logger: getLogger(),
        ...(options.plugins ? { plugins: options.plugins } : {}),
      })),
  };
}
