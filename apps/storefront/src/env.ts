import { createEnv } from '@t3-oss/env-nextjs';
import { ConfigError, formatEnvIssues, zDatabaseUrl, zSecret } from '@shop/env';

/**
 * The storefront's configuration, validated when the server starts and when `next build` loads
 * next.config.ts. Every variable has a default that selects embedded mode, so nothing is
 * required on a laptop. This is the only file that reads `process.env`.
 */
export const env = createEnv({
  server: {
    /** Postgres; `@shop/db`'s `getDb()` reads the same variable. */
    DATABASE_URL: zDatabaseUrl,
    /** Shared with the worker: it signs POST /api/revalidate with this secret. */
    REVALIDATE_SECRET: zSecret,
  },
  client: {},
  runtimeEnv: {
    DATABASE_URL: process.env.DATABASE_URL,
    REVALIDATE_SECRET: process.env.REVALIDATE_SECRET,
  },
  emptyStringAsUndefined: true,
  onValidationError: (issues) => {
    throw new ConfigError(formatEnvIssues(issues));
  },
});
