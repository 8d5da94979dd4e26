import { readDbEnv, type DatabaseDriver } from '@shop/db/env';
import { readFragments } from '@shop/env';
import { readLoggerEnv, type LoggerEnv } from '@shop/logger/env';
import type { MailEnv } from '@shop/mail';
import { readPaymentsEnv, type PaymentsEnv } from '@shop/payments/env';

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
  payments: PaymentsEnv;
  mail: MailEnv;
  logger: LoggerEnv;
}

export function readShopEnv(source: Record<string, string | undefined> = process.env): ShopEnv {
  const [db, payments, logger] = readShopFragments(source);
  return {
    DATABASE_URL: db.DATABASE_URL,
    DATABASE_POOL_MAX: db.DATABASE_POOL_MAX,
    DATABASE_DRIVER: db.DATABASE_DRIVER,
    payments,
    logger,
    mail: { SMTP_URL: source.SMTP_URL, MAIL_DIR: source.MAIL_DIR, MAIL_FROM: source.MAIL_FROM },
  };
}

/** The process's Shop env on another database (tests, scripts that make their own database). */
export function shopEnvOn(databaseUrl: string): ShopEnv {
  return readShopEnv({ ...process.env, DATABASE_URL: databaseUrl });
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
  );
}
