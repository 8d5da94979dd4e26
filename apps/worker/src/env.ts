import { createShopEnv, zDatabaseUrl, zHttpUrl, zSecret } from '@shop/env';
import { z } from 'zod';

export function readWorkerEnv(source: Record<string, string | undefined> = process.env) {
  return createShopEnv(
    {
      DATABASE_URL: zDatabaseUrl,
      REVALIDATE_SECRET: zSecret,
      STOREFRONT_URL: zHttpUrl('http://localhost:3000'),
      WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
      /** How often lapsed checkouts are released (their stock and discount given back). */
      /** How often this process reports it is alive (and sweeps processes that stopped). */
      HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
      /** A process silent this long is presumed dead; its locked jobs are unlocked and retried. */
      WORKER_STALE_SECONDS: z.coerce.number().int().min(2).max(86_400).default(60),
      RELEASE_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
      /** Outgoing mail server, `smtp://user:pass@host:587` or `smtps://…:465`; unset: files. */
      SMTP_URL: z
        .string()
        .refine((v) => /^smtps?:\/\/[^\s]+$/.test(v), {
          message: 'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@smtp.example.com:587',
        })
        .optional(),
      /** The sender of every mail. */
      MAIL_FROM: z.string().trim().min(3).default('Shop <shop@localhost>'),
      /** Where mail is written as .eml files when SMTP_URL is unset; default `<repo>/.data/mail`. */
      MAIL_DIR: z.string().optional(),
    },
    source,
  );
}
export type WorkerEnv = ReturnType<typeof readWorkerEnv>;
