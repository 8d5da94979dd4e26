import { createEnv } from '@t3-oss/env-nextjs';
import { readFragments, shopEnvOptions, zHttpUrl, zSecret } from '@shop/env';
import { readShopFragments } from '@shop/runtime/env';
import { readWebhooksEnv } from '@shop/webhooks/env';

/**
 * The admin's configuration, validated when the server starts and when `next build` loads
 * next.config.ts. Every variable has a default that selects embedded mode, so nothing is
 * required on a laptop. This is the only file that reads `process.env`. It extends the Shop's
 * fragments (`readShopFragments`: `DATABASE_*`, `STRIPE_*`, `LOG_*`), each validated by its
 * package, so a bad one is named once, in the same sentence as in the storefront and the worker,
 * and the webhooks' fragment (`WEBHOOK_ALLOWED_HOSTS`: where registered URLs may point).
 */
export function readAdminEnv(source: Record<string, string | undefined> = process.env) {
  // Read together, so one start names the bad variables of the Shop's and the webhooks' alike.
  const [shop, webhooks] = readFragments(
    () => ({ fragments: readShopFragments(source) }),
    () => readWebhooksEnv(source),
  );
  return createEnv({
    extends: [...shop.fragments, webhooks],
    server: {
      /** Signs the staff session cookies. */
      BETTER_AUTH_SECRET: zSecret,
      /** The admin's public origin: better-auth trusts requests from it and builds its URLs on it. */
      ADMIN_URL: zHttpUrl('http://localhost:3001'),
      /** Where "View in store" links point. */
      STOREFRONT_URL: zHttpUrl('http://localhost:3000'),
    },
    client: {},
    runtimeEnv: {
      BETTER_AUTH_SECRET: source.BETTER_AUTH_SECRET,
      ADMIN_URL: source.ADMIN_URL,
      STOREFRONT_URL: source.STOREFRONT_URL,
    },
    ...shopEnvOptions,
  });
}

export const env = readAdminEnv();
