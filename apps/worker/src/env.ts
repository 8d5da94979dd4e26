import { createShopEnv, readFragments, zHttpUrl, zSecret } from '@shop/env';
import { readShopFragments } from '@shop/runtime/env';
import { readWebhooksEnv } from '@shop/webhooks/env';
import { z } from 'zod';

/** A comma-separated list of storefront base URLs (every replica), trailing slashes dropped. */
const zUrlList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((u) => u.trim().replace(/\/+$/, ''))
      .filter((u) => u.length > 0),
  )
  .refine((urls) => urls.every((u) => /^https?:\/\/[^\s,]+$/.test(u)), {
    message: 'must be a comma-separated list of http:// or https:// URLs',
  });

/**
 * The worker's configuration, extending the Shop's fragments (`readShopFragments`:
 * `DATABASE_*`, `STRIPE_*`, `LOG_*`, each validated by its package) and the webhooks' fragment
 * (`WEBHOOK_*`, `readWebhooksEnv`) with its own variables.
 */
export function readWorkerEnv(source: Record<string, string | undefined> = process.env) {
  // Read together, so one start names the bad variables of the Shop's and the webhooks' alike.
  const [shop, webhooks] = readFragments(
    () => ({ fragments: readShopFragments(source) }),
    () => readWebhooksEnv(source),
  );
  const env = createShopEnv(
    {
      REVALIDATE_SECRET: zSecret,
      /** The storefront that links in mails point at; also the replica list's default. */
      STOREFRONT_URL: zHttpUrl('http://localhost:3000'),
      /** Every storefront replica to revalidate (comma-separated); default: STOREFRONT_URL. */
      STOREFRONT_URLS: zUrlList,
      /**
       * The edge in front of the storefront (Varnish, docs/deploy.md), e.g.
       * `http://127.0.0.1:6081`: after every replica is revalidated, one signed PURGE names the
       * changed pages' keys. Unset: no edge, nothing is purged.
       */
      EDGE_PURGE_URL: z
        .string()
        .refine((v) => /^https?:\/\/[^\s]+$/.test(v), {
          message: 'must be an http:// or https:// URL',
        })
        .transform((v) => v.replace(/\/+$/, ''))
        .optional(),
      /** Signs the edge's purges (the storefront checks them); default REVALIDATE_SECRET. */
      EDGE_PURGE_SECRET: zSecret.unwrap().optional(),
      WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
      /** How often this process reports it is alive (and sweeps processes that stopped). */
      HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
      /** A process silent this long is presumed dead; its locked jobs are unlocked and retried. */
      WORKER_STALE_SECONDS: z.coerce.number().int().min(2).max(86_400).default(60),
      /** How often lapsed checkouts are released (their stock and discount given back). */
      RELEASE_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
      /** How often every search index is compared with the catalog and its drift repaired. */
      SEARCH_CHECK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
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
    [...shop.fragments, webhooks],
  );
  const storefrontUrls =
    env.STOREFRONT_URLS.length > 0 ? env.STOREFRONT_URLS : [env.STOREFRONT_URL];
  return { ...env, STOREFRONT_URLS: storefrontUrls };
}
export type WorkerEnv = ReturnType<typeof readWorkerEnv>;
