import { ConfigError } from '@shop/env';
import { describe, expect, it } from 'vitest';
import { readPaymentsEnv } from './env';
import { createPaymentProvider } from './index';

describe('readPaymentsEnv', () => {
  it('needs nothing: the test provider is the default', () => {
    const env = readPaymentsEnv({});
    expect(env.STRIPE_SECRET_KEY).toBeUndefined();
    expect(createPaymentProvider(env).id).toBe('test');
  });

  it('treats empty values as unset', () => {
    expect(createPaymentProvider(readPaymentsEnv({ STRIPE_SECRET_KEY: '' })).id).toBe('test');
  });

  it('selects Stripe when a secret key and webhook secret are set', () => {
    const env = readPaymentsEnv({
      STRIPE_SECRET_KEY: 'sk_test_abc123',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc123',
      STRIPE_API_HOST: 'localhost',
      STRIPE_API_PORT: '12111',
      STRIPE_API_PROTOCOL: 'http',
    });
    expect(env.STRIPE_API_PORT).toBe(12111);
    expect(createPaymentProvider(env).id).toBe('stripe');
  });

  it.each([
    [
      { STRIPE_SECRET_KEY: 'pk_test_abc' },
      'STRIPE_SECRET_KEY must be a Stripe secret key starting with sk_test_ or sk_live_ (Dashboard → Developers → API keys).',
    ],
    [
      { STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_WEBHOOK_SECRET: 'secret' },
      'STRIPE_WEBHOOK_SECRET must be a Stripe webhook signing secret starting with whsec_ (from the webhook endpoint or `stripe listen`).',
    ],
    [{ STRIPE_API_PORT: 'eighty' }, 'STRIPE_API_PORT must be a port number.'],
    [{ STRIPE_API_PROTOCOL: 'ftp' }, 'STRIPE_API_PROTOCOL must be http or https.'],
  ])('explains a bad value in one sentence: %o', (source, sentence) => {
    expect(() => readPaymentsEnv(source)).toThrow(new ConfigError(sentence));
  });

  it('requires the webhook secret alongside a secret key', () => {
    expect(() => readPaymentsEnv({ STRIPE_SECRET_KEY: 'sk_live_abc' })).toThrow(
      /^STRIPE_WEBHOOK_SECRET is missing: it is required when STRIPE_SECRET_KEY is set/,
    );
    expect(() => createPaymentProvider({ STRIPE_SECRET_KEY: 'sk_live_abc' })).toThrow(ConfigError);
  });
});
