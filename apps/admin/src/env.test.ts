import { ConfigError } from '@shop/env';
import { describe, expect, it } from 'vitest';
import { readAdminEnv } from './env';

describe('readAdminEnv', () => {
  it("extends the Shop's fragments: their variables are here, their errors are theirs", () => {
    expect(readAdminEnv({ LOG_LEVEL: 'warn' })).toMatchObject({
      LOG_LEVEL: 'warn',
      DATABASE_POOL_MAX: 10,
      ADMIN_URL: 'http://localhost:3001',
    });
    expect(() => readAdminEnv({ STRIPE_SECRET_KEY: 'pk_test_abc' })).toThrow(
      new ConfigError(
        'STRIPE_SECRET_KEY must be a Stripe secret key starting with sk_test_ or sk_live_ (Dashboard → Developers → API keys).',
      ),
    );
  });
  it("composes the webhooks' fragment, and names a bad one in the same start as the Shop's", () => {
    expect(
      readAdminEnv({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' }).WEBHOOK_ALLOWED_HOSTS.ranges,
    ).toHaveLength(1);
    expect(() => readAdminEnv({ LOG_FORMAT: 'xml', WEBHOOK_ALLOWED_HOSTS: 'ftp://x' })).toThrow(
      new ConfigError(
        'LOG_FORMAT must be json or pretty.\nWEBHOOK_ALLOWED_HOSTS must be a comma-separated list of hostnames, IP addresses or CIDR ranges (not "ftp://x").',
      ),
    );
  });
});
