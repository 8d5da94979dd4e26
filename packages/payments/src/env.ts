import { ConfigError, createShopEnv } from '@shop/env';
import { z } from 'zod';

/**
 * The payments configuration. Nothing set selects the test provider (embedded mode); a Stripe
 * secret key selects Stripe and then needs the webhook signing secret and the publishable key
 * too. The API address overrides exist for a local fake Stripe (tests, demos) or an egress proxy.
 */
export function readPaymentsEnv(source: Record<string, string | undefined> = process.env) {
  const env = createShopEnv(
    {
      STRIPE_SECRET_KEY: z
        .string()
        .regex(/^sk_(test|live)_[A-Za-z0-9]+$/, {
          message:
            'must be a Stripe secret key starting with sk_test_ or sk_live_ (Dashboard → Developers → API keys)',
        })
        .optional(),
      STRIPE_WEBHOOK_SECRET: z
        .string()
        .regex(/^whsec_[A-Za-z0-9]+$/, {
          message:
            'must be a Stripe webhook signing secret starting with whsec_ (from the webhook endpoint or `stripe listen`)',
        })
        .optional(),
      STRIPE_PUBLISHABLE_KEY: z
        .string()
        .regex(/^pk_(test|live)_[A-Za-z0-9]+$/, {
          message:
            'must be a Stripe publishable key starting with pk_test_ or pk_live_ (Dashboard → Developers → API keys)',
        })
        .optional(),
      STRIPE_API_HOST: z
        .string()
        .regex(/^[A-Za-z0-9.-]+$/, {
          message: 'must be a host name without scheme or port, e.g. localhost',
        })
        .optional(),
      STRIPE_API_PORT: z.coerce
        .number({ message: 'must be a port number' })
        .int({ message: 'must be a whole number' })
        .min(1, { message: 'must be between 1 and 65535' })
        .max(65535, { message: 'must be between 1 and 65535' })
        .optional(),
      STRIPE_API_PROTOCOL: z
        .enum(['http', 'https'], { message: 'must be http or https' })
        .optional(),
    },
    source,
  );
  assertStripeComplete(env);
  return env;
}

export type PaymentsEnv = {
  STRIPE_SECRET_KEY?: string;
  STRIPE_WEBHOOK_SECRET?: string;
  /** Public: the storefront hands it to Stripe.js in the browser (read at run time, not baked in). */
  STRIPE_PUBLISHABLE_KEY?: string;
  STRIPE_API_HOST?: string;
  STRIPE_API_PORT?: number;
  STRIPE_API_PROTOCOL?: 'http' | 'https';
};

/**
 * A Stripe key without a webhook secret would take payments whose success never arrives; without
 * the publishable key the browser cannot show the card form; keys from different modes (test and
 * live) refer to different accounts' objects, so every payment would fail in the browser.
 */
export function assertStripeComplete(env: PaymentsEnv): void {
  if (!env.STRIPE_SECRET_KEY) return;
  if (!env.STRIPE_WEBHOOK_SECRET) throw missingWebhookSecretError();
  if (!env.STRIPE_PUBLISHABLE_KEY) {
    throw new ConfigError(
      'STRIPE_PUBLISHABLE_KEY is missing: it is required when STRIPE_SECRET_KEY is set (copy the pk_test_ or pk_live_ key shown next to the secret key under Dashboard → Developers → API keys).',
    );
  }
  const secretMode = env.STRIPE_SECRET_KEY.startsWith('sk_live_') ? 'live' : 'test';
  const publishableMode = env.STRIPE_PUBLISHABLE_KEY.startsWith('pk_live_') ? 'live' : 'test';
  if (secretMode !== publishableMode) {
    throw new ConfigError(
      `STRIPE_PUBLISHABLE_KEY is a ${publishableMode} key but STRIPE_SECRET_KEY is a ${secretMode} key: use the two keys of the same mode.`,
    );
  }
}

export function missingWebhookSecretError(): ConfigError {
  return new ConfigError(
    'STRIPE_WEBHOOK_SECRET is missing: it is required when STRIPE_SECRET_KEY is set (copy the whsec_ signing secret of the webhook endpoint, or the one `stripe listen` prints).',
  );
}
