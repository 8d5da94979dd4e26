import { createShopEnv, zDatabaseUrl, zWholeNumber } from '@shop/env';

export function readDbEnv(source: Record<string, string | undefined> = process.env) {
  return createShopEnv(
    {
      DATABASE_URL: zDatabaseUrl,
      /** Connections in a process's pool (the worker asks for fewer). */
      DATABASE_POOL_MAX: zWholeNumber('a whole number', 1, 200, 10),
    },
    source,
  );
}
