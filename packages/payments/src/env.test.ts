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

  it('selects Stripe when a secret key, webhook secret and publishable key are set', () => {
    const env = readPaymentsEnv({
      STRIPE_SECRET_KEY: 'sk_test_abc123',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc123',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_abc123',
      STRIPE_API_HOST: 'localhost',
      STRIPE_API_PORT: '12111',
      STRIPE_API_PROTOCOL: 'http',
    });
    expect(env.STRIPE_API_PORT).toBe(12111);
    expect(env.STRIPE_PUBLISHABLE_KEY).toBe('pk_test_abc123');
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
    [
      { STRIPE_PUBLISHABLE_KEY: 'sk_test_abc' },
      'STRIPE_PUBLISHABLE_KEY must be a Stripe publishable key starting with pk_test_ or pk_live_ (Dashboard → Developers → API keys).',
    ],
    [
      {
        STRIPE_SECRET_KEY: 'sk_test_abc',
        STRIPE_WEBHOOK_SECRET: 'whsec_abc',
        STRIPE_PUBLISHABLE_KEY: 'pk_live_abc',
      },
      'STRIPE_PUBLISHABLE_KEY is a live key but STRIPE_SECRET_KEY is a test key: use the two keys of the same mode.',
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

  it('requires the publishable key alongside a secret key', () => {
    expect(() =>
      readPaymentsEnv({ STRIPE_SECRET_KEY: 'sk_live_abc', STRIPE_WEBHOOK_SECRET: 'whsec_abc' }),
    ).toThrow(/^STRIPE_PUBLISHABLE_KEY is missing: it is required when STRIPE_SECRET_KEY is set/);
  });

  it('accepts a publishable key alone (the test provider ignores it)', () => {
    const env = readPaymentsEnv({ STRIPE_PUBLISHABLE_KEY: 'pk_test_abc' });
    expect(createPaymentProvider(env).id).toBe('test');
  });
});
