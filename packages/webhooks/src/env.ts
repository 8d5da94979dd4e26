import { createShopEnv, zWholeNumber } from '@shop/env';
import { z } from 'zod';
import { parseAllowList, type AllowList } from './addresses';
import { DEFAULT_RETRY_SECONDS } from './retry';

/**
 * The webhooks' env fragment, read by the admin (registration checks the allow-list) and the
 * worker (delivery), composed into each one's env.ts:
 * - `WEBHOOK_ALLOWED_HOSTS`: hostnames, IPs or CIDR ranges that may receive webhooks although
 *   they are not public (loopback, private, link-local…); default none.
 * - `WEBHOOK_TIMEOUT_MS`: how long one request may take, answer included (default 10000).
 * - `WEBHOOK_RETRY_SECONDS`: the waits between attempts, comma-separated (default 5 s, 5 min,
 *   30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h: ten attempts over about three and a half days).
 * - `WEBHOOK_DISABLE_AFTER_HOURS`: an endpoint whose every attempt failed for this long is
 *   disabled (default 120, five days).
 */
export function readWebhooksEnv(source: Record<string, string | undefined> = process.env) {
  return createShopEnv(
    {
      WEBHOOK_ALLOWED_HOSTS: z
        .string()
        .default('')
        .transform((v, ctx): AllowList => {
          try {
            return parseAllowList(v);
          } catch (err) {
            ctx.addIssue({
              code: 'custom',
              message: err instanceof Error ? err.message : String(err),
            });
            return z.NEVER;
          }
        }),
      WEBHOOK_TIMEOUT_MS: zWholeNumber('a number of milliseconds', 50, 120_000, 10_000),
      WEBHOOK_RETRY_SECONDS: z
        .string()
        .default(DEFAULT_RETRY_SECONDS.join(','))
        .transform((v, ctx): number[] => {
          const parts = v.split(',').map((p) => p.trim());
          const seconds = parts.map(Number);
          if (
            parts.length > 50 ||
            parts.some((p) => !/^\d+(\.\d+)?$/.test(p)) ||
            seconds.some((s) => s > 7 * 86_400)
          ) {
            ctx.addIssue({
              code: 'custom',
              message:
                'must be a comma-separated list of at most 50 waits in seconds (each at most a week), e.g. 5,300,1800',
            });
            return z.NEVER;
          }
          return seconds;
        }),
      WEBHOOK_DISABLE_AFTER_HOURS: z.coerce
        .number({ message: 'must be a number of hours' })
        .positive({ message: 'must be more than 0' })
        .max(24 * 365, { message: 'must be at most a year' })
        .default(120),
    },
    source,
  );
}

export type WebhooksEnv = ReturnType<typeof readWebhooksEnv>;
