import { createEnv } from '@t3-oss/env-nextjs';
import { ConfigError, formatEnvIssues, zDatabaseUrl, zHttpUrl, zSecret } from '@shop/env';

/**
 * The admin's configuration, validated when the server starts and when `next build` loads
 * next.config.ts. Every variable has a default that selects embedded mode, so nothing is
 * required on a laptop. This is the only file that reads `process.env`.
 */
export const env = createEnv({
  server: {
    /** Postgres; the Shop (`@shop/runtime`, `readShopEnv`) reads the same variable. */
    DATABASE_URL: zDatabaseUrl,
    /** Signs the staff session cookies. */
    BETTER_AUTH_SECRET: zSecret,
    /** The admin's public origin: better-auth trusts requests from it and builds its URLs on it. */
    ADMIN_URL: zHttpUrl('http://localhost:3001'),
    /** Where "View in store" links point. */
    STOREFRONT_URL: zHttpUrl('http://localhost:3000'),
  },
  client: {},
  runtimeEnv: {
    DATABASE_URL: process.env.DATABASE_URL,
    BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET,
    ADMIN_URL: process.env.ADMIN_URL,
    STOREFRONT_URL: process.env.STOREFRONT_URL,
  },
  emptyStringAsUndefined: true,
  onValidationError: (issues) => {
    throw new ConfigError(formatEnvIssues(issues));
  },
});
