import { createShopEnv, zDatabaseUrl } from '@shop/env';
import { z } from 'zod';

export function readDbEnv(source: Record<string, string | undefined> = process.env) {
  return createShopEnv(
    {
      DATABASE_URL: zDatabaseUrl,
      DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    },
    source,
  );
}
