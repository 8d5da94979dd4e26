import { createShopEnv, zDatabaseUrl, zWholeNumber } from '@shop/env';
import { z } from 'zod';

/**
 * The Postgres driver under Drizzle: postgres.js (`postgres`, the default) or node-postgres
 * (`pg`). Both give the same results to the code above them; `DATABASE_DRIVER` picks one.
 */
export const DATABASE_DRIVERS = ['postgres', 'pg'] as const;
export type DatabaseDriver = (typeof DATABASE_DRIVERS)[number];

export const zDatabaseDriver = z
  .enum(DATABASE_DRIVERS, { message: 'must be postgres (postgres.js) or pg (node-postgres)' })
  .default('postgres');

export function readDbEnv(source: Record<string, string | undefined> = process.env) {
  return createShopEnv(
    {
      DATABASE_URL: zDatabaseUrl,
      /** Connections in a process's pool (the worker asks for fewer). */
      DATABASE_POOL_MAX: zWholeNumber('a whole number', 1, 200, 10),
      DATABASE_DRIVER: zDatabaseDriver,
      /**
       * A read replica of DATABASE_URL (a streaming standby, or a pooler in front of several):
       * the catalog's reads go there (the Shop's `readDb`). Unset: the primary answers them too.
       */
      DATABASE_READ_URL: zDatabaseUrl.unwrap().optional(),
      /** Connections in the read replica's pool (used only with DATABASE_READ_URL). */
      DATABASE_READ_POOL_MAX: zWholeNumber('a whole number', 1, 200, 10),
    },
    source,
  );
}

/** The driver alone, for code that gets its URL elsewhere (test databases, benchmarks). */
export function readDatabaseDriver(source: Record<string, string | undefined> = process.env) {
  return createShopEnv({ DATABASE_DRIVER: zDatabaseDriver }, source).DATABASE_DRIVER;
}
