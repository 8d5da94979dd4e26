import { createShopEnv, zDatabaseUrl, zHttpUrl, zSecret } from '@shop/env';
import { z } from 'zod';

export function readWorkerEnv(source: Record<string, string | undefined> = process.env) {
  return createShopEnv(
    {
      DATABASE_URL: zDatabaseUrl,
      REVALIDATE_SECRET: zSecret,
      STOREFRONT_URL: zHttpUrl('http://localhost:3000'),
      WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
    },
    source,
  );
}
export type WorkerEnv = ReturnType<typeof readWorkerEnv>;
