import { createEnv } from '@t3-oss/env-nextjs';
import { ConfigError, formatEnvIssues, zHttpUrl, zSecret } from '@shop/env';

/**
 * The customer-account variables, validated like `~/env` (one sentence per bad variable). They
 * belong in `src/env.ts`; this file stands in until they are added there, then its two uses
 * (`~/server/customer-auth.ts`) switch to `env` and it is deleted.
 */
export const customerEnv = createEnv({
  server: {
    /** Signs the shoppers' session cookies (the admin has its own cookie names). */
    BETTER_AUTH_SECRET: zSecret,
    /** The storefront's public origin: links in mails and better-auth's trusted origin. */
    STOREFRONT_URL: zHttpUrl('http://localhost:3000'),
  },
  client: {},
  runtimeEnv: {
    // eslint-disable-next-line no-restricted-properties -- stand-in for src/env.ts, see above
    BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET,
    // eslint-disable-next-line no-restricted-properties -- stand-in for src/env.ts, see above
    STOREFRONT_URL: process.env.STOREFRONT_URL,
  },
  emptyStringAsUndefined: true,
  onValidationError: (issues) => {
    throw new ConfigError(formatEnvIssues(issues));
  },
});
