import { createRateLimiter, type RateLimiter } from '@shop/auth/rate-limit';
import { createDb, type Db } from '@shop/db/client';
import { createPaymentProvider, type PaymentProvider } from '@shop/payments';
import type { ShopEnv } from './env';

/** The time the core asks for, so tests can hold it still. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * Everything a process of the shop uses, built once per process by `createShop` (the
 * composition root): the storefront, the admin and the worker each get theirs from one file
 * (`src/server/shop.ts`, the worker's `main.ts`), and nothing else in the apps imports the
 * database client. Later adapters (cache, search, mail, logger) join here.
 */
export interface Shop {
  /** The primary: every write, and every read that must see its own writes. */
  db: Db;
  /** Catalog reads (pages, listings, regions); the same pool until a read replica is set up. */
  readDb: Db;
  /** Stripe when configured, else the test provider. */
  payments: PaymentProvider;
  /** Fixed-window counters shared by every replica (`rate_limits`). */
  rateLimiter: RateLimiter;
  clock: Clock;
  /** Closes the pools (scripts and tests; app processes live until they are stopped). */
  close(): Promise<void>;
}

export interface CreateShopOptions {
  /** Connections in the primary's pool (the env's DATABASE_POOL_MAX by default). */
  poolMax?: number;
  /** A provider to use instead of the configured one (tests, benchmarks). */
  payments?: PaymentProvider;
  clock?: Clock;
}

export function createShop(env: ShopEnv, options: CreateShopOptions = {}): Shop {
  const db = createDb(env.DATABASE_URL, options.poolMax ?? env.DATABASE_POOL_MAX);
  return {
    db,
    readDb: db,
    payments: options.payments ?? createPaymentProvider(env.payments),
    rateLimiter: createRateLimiter(db),
    clock: options.clock ?? systemClock,
    close: () => db.$client.end(),
  };
}
