import { readDbEnv } from '@shop/db/env';
import { readLoggerEnv, type LoggerEnv } from '@shop/logger';
import type { MailEnv } from '@shop/mail';
import { readPaymentsEnv, type PaymentsEnv } from '@shop/payments';

/**
 * What `createShop` needs from the environment, composed from the packages' own fragments (the
 * database's and the payments'), each validated with its one-sentence errors. Apps read their
 * own variables in their env.ts; this is the shared part every process needs.
 */
export interface ShopEnv {
  DATABASE_URL: string;
  DATABASE_POOL_MAX: number;
  payments: PaymentsEnv;
  mail: MailEnv;
  logger: LoggerEnv;
}

export function readShopEnv(source: Record<string, string | undefined> = process.env): ShopEnv {
  const db = readDbEnv(source);
  return {
    DATABASE_URL: db.DATABASE_URL,
    DATABASE_POOL_MAX: db.DATABASE_POOL_MAX,
    payments: readPaymentsEnv(source),
    logger: readLoggerEnv(source),
    mail: { SMTP_URL: source.SMTP_URL, MAIL_DIR: source.MAIL_DIR, MAIL_FROM: source.MAIL_FROM },
  };
}
