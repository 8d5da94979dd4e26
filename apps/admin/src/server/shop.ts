import { createShop, readShopEnv, type Shop } from '@shop/runtime';

let shop: Shop | undefined;

/**
 * This process's Shop (`createShop`, the composition root): the database pools, payments, the
 * rate limiter, the clock. Built on first use, so importing a route at build time opens
 * nothing. The only place in this app that builds one; everything else asks here.
 */
export function getShop(): Shop {
  shop ??= createShop(readShopEnv());
  return shop;
}
