import { readRateLimitEnv } from '@shop/auth/env';
import { readDbEnv, type DatabaseDriver } from '@shop/db/env';
import { ConfigError, createShopEnv, readFragments, zHttpUrl, zWholeNumber } from '@shop/env';
import { readLoggerEnv, type LoggerEnv } from '@shop/logger/env';
import type { MailEnv } from '@shop/mail';
import { readPaymentsEnv, type PaymentsEnv } from '@shop/payments/env';
import { readStorageEnv, type StorageEnv } from '@shop/storage/env';

/**
 * What `createShop` needs from the environment, composed from the packages' own fragments
 * (`readShopFragments`: the database's, the payments' and the logger's), each validated with
 * its one-sentence errors. Apps read their own variables in their env.ts, which extends the same
 * fragments; this is the shared part every process needs.
 */
export interface ShopEnv {
  DATABASE_URL: string;
  DATABASE_POOL_MAX: number;
  DATABASE_DRIVER: DatabaseDriver;
  /** A read replica for the catalog's reads (`Shop.readDb`); unset: the primary serves them. */
  DATABASE_READ_URL?: string | undefined;
  DATABASE_READ_POOL_MAX: number;
  payments: PaymentsEnv;
  mail: MailEnv;
  logger: LoggerEnv;
  search: SearchEnv;
  storage: StorageEnv;
}

export function readShopEnv(source: Record<string, string | undefined> = process.env): ShopEnv {
  const [db, payments, logger, search, storage] = readShopFragments(source);
  return {
    DATABASE_URL: db.DATABASE_URL,
    DATABASE_POOL_MAX: db.DATABASE_POOL_MAX,
    DATABASE_DRIVER: db.DATABASE_DRIVER,
    DATABASE_READ_URL: db.DATABASE_READ_URL,
    DATABASE_READ_POOL_MAX: db.DATABASE_READ_POOL_MAX,
    payments,
    logger,
    search,
    storage,
    mail: { SMTP_URL: source.SMTP_URL, MAIL_DIR: source.MAIL_DIR, MAIL_FROM: source.MAIL_FROM },
  };
}

/**
 * The process's Shop env on another database (tests, scripts that make their own database):
 * the process's DATABASE_READ_URL is another database's replica, so only `readUrl` is used.
 */
export function shopEnvOn(databaseUrl: string, readUrl?: string): ShopEnv {
  return readShopEnv({ ...process.env, DATABASE_URL: databaseUrl, DATABASE_READ_URL: readUrl });
}

/**
 * The env fragments the Shop is built from, each its package's own (the database's, the
 * payments', the logger's), read together so that one start names every bad variable of all of
 * them, each once. The apps' and the worker's env.ts extend theirs with these (`extends`), so each
 * process has one validated env; `readShopEnv` reads the same ones.
 */
export function readShopFragments(source: Record<string, string | undefined> = process.env) {
  return readFragments(
    () => readDbEnv(source),
    () => readPaymentsEnv(source),
    () => readLoggerEnv(source),
    () => readSearchEnv(source),
    () => readStorageEnv(source),
    // The rate limits (`RATE_LIMIT_<RULE>`, the Redis they share): validated with the rest at
    // start, so a bad rule stops the start with its sentence instead of failing the first request
    // that builds the Shop. The limiter reads them itself (`createShopRateLimiter`); only the
    // flat timeout joins the app's env.
    () => ({ RATE_LIMIT_REDIS_TIMEOUT_MS: readRateLimitEnv(source).RATE_LIMIT_REDIS_TIMEOUT_MS }),
  );
}

/**
 * The search engines' variables. `MEILISEARCH_HOST` unset: the Postgres engine alone answers.
 * Set: Meilisearch answers the storefront's searches (index `MEILISEARCH_INDEX`, `products` by
 * default), with the Postgres engine behind a circuit breaker, which takes over a search that
 * Meilisearch has not answered within `SEARCH_TIMEOUT_MS` (300 by default); both are kept in step.
 */
// A type, not an interface: fragments must be assignable to `Record<string, unknown>`.
export type SearchEnv = {
  MEILISEARCH_HOST?: string;
  MEILISEARCH_API_KEY?: string;
  MEILISEARCH_INDEX: string;
  SEARCH_TIMEOUT_MS: number;
};

/** Meilisearch's index uids: letters, digits, hyphens and underscores, at most 400 bytes. */
const INDEX_UID = /^[A-Za-z0-9_-]{1,400}$/;

export function readSearchEnv(source: Record<string, string | undefined> = process.env): SearchEnv {
  const sentences: string[] = [];
  let parsed: { MEILISEARCH_HOST: string; SEARCH_TIMEOUT_MS: number } | undefined;
  try {
    parsed = createShopEnv(
      {
        // An empty default: unset is "no Meilisearch", a set value must be an address.
        MEILISEARCH_HOST: zHttpUrl(''),
        SEARCH_TIMEOUT_MS: zWholeNumber('a whole number of milliseconds', 1, 60_000, 300),
      },
      source,
    );
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    sentences.push(...err.message.split('\n'));
  }
  const index = source.MEILISEARCH_INDEX?.trim() || 'products';
  if (!INDEX_UID.test(index)) {
    sentences.push(
      'MEILISEARCH_INDEX must be a Meilisearch index name: letters, digits, hyphens and underscores.',
    );
  }
  if (sentences.length > 0 || !parsed) throw new ConfigError(sentences.join('\n'));
  return {
    MEILISEARCH_HOST: parsed.MEILISEARCH_HOST || undefined,
    MEILISEARCH_API_KEY: source.MEILISEARCH_API_KEY || undefined,
    MEILISEARCH_INDEX: index,
    SEARCH_TIMEOUT_MS: parsed.SEARCH_TIMEOUT_MS,
  };
}
