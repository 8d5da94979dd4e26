export { createShop, type CreateShopOptions, type Shop } from './shop';
export { processShop } from './process-shop';
export { systemClock, type Clock } from '@shop/core';
export { readShopEnv, readShopFragments, type ShopEnv } from './env';
/** The database handle types, for code that is handed the Shop's pools (never builds one). */
export type { Database, Db } from '@shop/db/client';
