import { readRateLimitEnv } from '@shop/auth/env';
import type { RateLimiter } from '@shop/auth/rate-limit';
import { createShopRateLimiter } from '@shop/auth/rate-limit-store';
import { createConfiguredCache, readRedisEnv } from '@shop/cache';
import { metrics } from '@shop/observability';
import { systemClock, type Cache, type Clock, type ProductSearch } from '@shop/core';
import {
  fallbackEngine,
  meilisearchEngine,
  postgresEngine,
  productSearch,
  type SearchEngine,
} from '@shop/search';
import { createDb, type Db } from '@shop/db/client';
import { createLogger, loggerOptions, type Logger } from '@shop/logger';
import { createMailTransport, type ConfiguredMailTransport } from '@shop/mail';
import { createPaymentProvider, type PaymentProvider } from '@shop/payments';
import { assertPlugins, pluginHost, type Plugin, type PluginHost } from '@shop/plugins';
import { createStorage, type Storage } from '@shop/storage';
import type { CheckoutHooks } from '@shop/core';
import type { ShopEnv } from './env';

/**
 * Everything a process of the shop uses, built once per process by `createShop` (the
 * composition root): the storefront, the admin and the worker each get theirs from one file
 * (`src/server/shop.ts`, the worker's `main.ts`), and nothing else in the apps imports the
 * database client. Each port of the core has its adapter chosen here and only here: a new
 * adapter (Redis for the cache, Meilisearch for search) is one branch in this file.
 */
export interface Shop {
  /** The primary: every write, and every read that must see its own writes. */
  db: Db;
  /** Catalog reads (pages, listings, regions); the same pool until a read replica is set up. */
  readDb: Db;
  /** Stripe when configured, else the test provider. */
  payments: PaymentProvider;
  /** The cache port (`@shop/cache`): Redis when `UPSTASH_REDIS_REST_URL` is set, else the in-process LRU. */
  cache: Cache;
  /**
   * The search port over the engine that answers queries: Meilisearch with the Postgres engine
   * behind a circuit breaker when `MEILISEARCH_HOST` is set, else `searchIndexes[0]`.
   */
  search: ProductSearch;
  /**
   * Every search index the catalog must be kept in step with (the dispatcher's search handler,
   * `search:reindex`, `search:check`): the Postgres engine's always, first.
   */
  searchIndexes: readonly SearchEngine[];
  /** SMTP when `SMTP_URL` is set, else `.eml` files in `MAIL_DIR` (`.data/mail`). */
  mail: ConfiguredMailTransport;
  /**
   * Shared by every replica: sliding windows in Redis when `UPSTASH_REDIS_REST_URL` is set (an
   * in-memory window while Redis fails), else fixed windows in `rate_limits`; `RATE_LIMIT_*` sets
   * the rules' numbers (docs/limits.md).
   */
  rateLimiter: RateLimiter;
  /**
   * Uploaded files (product images): an S3-compatible bucket when `S3_BUCKET` is set, else files
   * under `STORAGE_DIR` (`.data/storage`), which the admin writes and the storefront serves.
   */
  storage: Storage;
  clock: Clock;
  /** Structured logs (pino): JSON lines, or readable lines in development (`LOG_FORMAT`). */
  logger: Logger;
  /** The plugins of `shop.config.ts`: their event handlers (worker) and settings (admin). */
  plugins: PluginHost;
  /** The plugins' checkout hooks for `startCheckout`; undefined when no plugin has one. */
  checkoutHooks: CheckoutHooks | undefined;
  /** Closes the pools (scripts and tests; app processes live until they are stopped). */
  close(): Promise<void>;
}

export interface CreateShopOptions {
  /** Connections in the primary's pool (the env's DATABASE_POOL_MAX by default). */
  poolMax?: number;
  /** A provider to use instead of the configured one (tests, benchmarks). */
  payments?: PaymentProvider;
  clock?: Clock;
  /**
   * A logger to use instead of one built from the env: the apps' and the worker's (named, with
   * the request id on every line, and there before the Shop so a Shop that cannot be built is
   * still reported), a test's that keeps its lines.
   */
  logger?: Logger;
  cache?: Cache;
  search?: ProductSearch;
  searchIndexes?: readonly SearchEngine[];
  mail?: ConfiguredMailTransport;
  /** A storage to use instead of the configured one (tests). */
  storage?: Storage;
  /**
   * The shop's plugins (`shop.config.ts`'s `plugins`, or a test's). Validated here too, so two
   * plugins with one name fail the process at start with one sentence.
   */
  plugins?: readonly Plugin[];
}

export function createShop(env: ShopEnv, options: CreateShopOptions = {}): Shop {
  const plugins = options.plugins ?? [];
  assertPlugins(plugins);
  const logger = options.logger ?? createLogger(loggerOptions(env.logger));
  const db = createDb(
    env.DATABASE_URL,
    options.poolMax ?? env.DATABASE_POOL_MAX,
    env.DATABASE_DRIVER,
    {
      // A broken idle connection is replaced by the pool; the line says it happened.
      onError: (err) => logger.warn(`database idle client error: ${err.message}`),
    },
  );
  // DATABASE_READ_URL: a pool of its own on the replica, which only the catalog's reads use (a
  // plain client, not Drizzle's withReplicas: what reads where is chosen by the handle, see
  // docs/database.md); unset, the primary's pool.
  const readDb = env.DATABASE_READ_URL
    ? createDb(env.DATABASE_READ_URL, env.DATABASE_READ_POOL_MAX, env.DATABASE_DRIVER, {
        onError: (err) => logger.warn(`read replica idle client error: ${err.message}`),
      })
    : db;
  const postgres = postgresEngine(db, readDb);
  // With MEILISEARCH_HOST, Meilisearch answers searches and Postgres stands behind it (a circuit
  // breaker: a dead or slow Meilisearch costs a shopper nothing); both indexes are kept in step.
  const meili = env.search.MEILISEARCH_HOST
    ? meilisearchEngine({
        host: env.search.MEILISEARCH_HOST,
        apiKey: env.search.MEILISEARCH_API_KEY,
        index: env.search.MEILISEARCH_INDEX,
        timeoutMs: env.search.SEARCH_TIMEOUT_MS,
        catalog: readDb,
      })
    : null;
  const searchIndexes = options.searchIndexes ?? (meili ? [postgres, meili] : [postgres]);
  const answering =
    meili && !options.searchIndexes
      ? fallbackEngine(meili, postgres, { logger, timeoutMs: env.search.SEARCH_TIMEOUT_MS })
      : (searchIndexes[0] ?? postgres);
  const clock = options.clock ?? systemClock;
  let mail = options.mail;
  const payments = options.payments ?? createPaymentProvider(env.payments);
  const host = pluginHost(plugins, { db, logger, clock, payments });
  return {
    db,
    readDb,
    payments,
    // Redis (shared by every process of the shop) when UPSTASH_REDIS_REST_URL is set, else the LRU.
    cache:
      options.cache ??
      createConfiguredCache({
        redis: readRedisEnv().redis,
        databaseUrl: env.DATABASE_URL,
        clock,
        log: (message) => logger.warn(message),
        // The cache hit ratio on /api/metrics (`cache_requests_total{layer="data"}`).
        onRead: (result) => metrics.cacheRead('data', result),
      }),
    search: options.search ?? productSearch(answering, { readDb }),
    searchIndexes,
    // Built on first use: only the worker sends mail (the apps enqueue `send-mail` jobs).
    get mail() {
      return (mail ??= createMailTransport(env.mail));
    },
    rateLimiter: createShopRateLimiter(db, readRateLimitEnv(), logger),
    storage: options.storage ?? createStorage(env.storage),
    clock,
    logger,
    plugins: host,
    checkoutHooks: plugins.some((p) => p.checkout !== null) ? host : undefined,
    close: async () => {
      await Promise.all([db.$client.end(), readDb === db ? null : readDb.$client.end()]);
    },
  };
}
