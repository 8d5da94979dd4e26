import { createEnv } from '@t3-oss/env-nextjs';
import { shopEnvOptions, zHttpUrl, zLimit, zSecret } from '@shop/env';
import { readShopFragments } from '@shop/runtime/env';
import { z } from 'zod';

/**
 * The storefront's configuration, validated when the server starts and when `next build` loads
 * next.config.ts. Every variable has a default that selects embedded mode, so nothing is
 * required on a laptop. This is the only file that reads `process.env`.
 *
 * It extends the Shop's fragments (`readShopFragments`: `DATABASE_*` from `@shop/db`, `STRIPE_*`
 * from `@shop/payments`, `LOG_*` from `@shop/logger`), which each package validates itself, so
 * the storefront, the admin and the worker check them the same way and a bad one is named once.
 * That includes `STRIPE_PUBLISHABLE_KEY`:
 * public, but read on the server when the process runs and handed to the checkout page as a prop,
 * not a `NEXT_PUBLIC_` variable inlined at build time, so one build serves test and live keys.
 */
export function readStorefrontEnv(source: Record<string, string | undefined> = process.env) {
  return createEnv({
    extends: readShopFragments(source),
    shared: {
      /** Decides, among other things, whether the cart cookie is `Secure`. */
      NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    },
    server: {
      /** Shared with the worker: it signs POST /api/revalidate with this secret. */
      REVALIDATE_SECRET: zSecret,
      /** Shared with the worker: signs its PURGEs of the edge (default: REVALIDATE_SECRET). */
      EDGE_PURGE_SECRET: zSecret.unwrap().optional(),
      /** Signs the shoppers' session cookies (the admin has its own cookie names). */
      BETTER_AUTH_SECRET: zSecret,
      /** The storefront's public origin: links in mails and better-auth's trusted origin. */
      STOREFRONT_URL: zHttpUrl('http://localhost:3000'),
      /**
       * How long a started checkout holds its stock and discount (the worker releases lapsed
       * ones). Long enough to type a card number; short enough that abandoned checkouts do not
       * keep stock away from other shoppers. The floor is 1 s, not a realistic value: the e2e
       * stack runs with 3 s to watch a declined checkout's hold lapse.
       */
      CHECKOUT_RESERVATION_SECONDS: z.coerce
        .number({ message: 'must be a number of seconds' })
        .int({ message: 'must be a whole number of seconds' })
        .min(1, { message: 'must be between 1 and 86400 seconds' })
        .max(86_400, { message: 'must be between 1 and 86400 seconds' })
        .default(900),
      /**
       * Hold limits: units of one variant one cart (one order) may hold, and live checkouts one
       * client (by address, see docs/limits.md) may hold at once, so no one sits on a sale's stock.
       */
      CHECKOUT_MAX_UNITS_PER_VARIANT: zLimit(10),
      CHECKOUT_MAX_HOLDS_PER_CLIENT: zLimit(3),
      /**
       * The product page's related products get this long (ms); past it they are left out and
       * skipped for the next 10 s (see server/related.ts).
       */
      RELATED_TIMEOUT_MS: z.coerce
        .number({ message: 'must be a number of milliseconds' })
        .int({ message: 'must be a whole number of milliseconds' })
        .min(1, { message: 'must be between 1 and 10000 milliseconds' })
        .max(10_000, { message: 'must be between 1 and 10000 milliseconds' })
        .default(150),
    },
    client: {},
    runtimeEnv: {
      NODE_ENV: source.NODE_ENV,
      REVALIDATE_SECRET: source.REVALIDATE_SECRET,
      EDGE_PURGE_SECRET: source.EDGE_PURGE_SECRET,
      BETTER_AUTH_SECRET: source.BETTER_AUTH_SECRET,
      STOREFRONT_URL: source.STOREFRONT_URL,
      CHECKOUT_RESERVATION_SECONDS: source.CHECKOUT_RESERVATION_SECONDS,
      CHECKOUT_MAX_UNITS_PER_VARIANT: source.CHECKOUT_MAX_UNITS_PER_VARIANT,
      CHECKOUT_MAX_HOLDS_PER_CLIENT: source.CHECKOUT_MAX_HOLDS_PER_CLIENT,
      RELATED_TIMEOUT_MS: source.RELATED_TIMEOUT_MS,
    },
    ...shopEnvOptions,
  });
}

export const env = readStorefrontEnv();
