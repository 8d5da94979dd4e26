import { requestLogContext } from '@shop/api/edge';
import { loggerFromEnv, type Logger } from '@shop/logger';
import { createShop, readShopEnv, type Shop } from '@shop/runtime';

let shop: Shop | undefined;
let logger: Logger | undefined;

/**
 * This process's Shop (`createShop`, the composition root): the database pools, payments, the
 * rate limiter, the clock, the logger. Built on first use, so importing a route at build time
 * opens nothing. The only place in this app that builds one; everything else asks here.
 */
export function getShop(): Shop {
  shop ??= createShop(readShopEnv(), { logger: getLogger() });
  return shop;
}

/**
 * The Shop's logger, named `admin`, with the current request's id on every line written
 * inside one. It needs only the `LOG_*` variables, so a Shop that cannot be built (a bad
 * payments key) is still reported through it.
 */
export function getLogger(): Logger {
  logger ??= loggerFromEnv({ name: 'admin', context: requestLogContext });
  return logger;
}
