import { ConfigError } from '@shop/env';
import { describe, expect, it } from 'vitest';
import { readShopEnv } from './env';

describe('readShopEnv', () => {
  it("reads the packages' fragments with their defaults", () => {
    const env = readShopEnv({});
    expect(env.DATABASE_POOL_MAX).toBe(10);
    expect(env.payments.STRIPE_SECRET_KEY).toBeUndefined();
    expect(env.logger).toEqual({ LOG_LEVEL: 'info', LOG_FORMAT: 'json' });
  });

  it('names the bad variables of every fragment at once, each in its own sentence', () => {
    expect(() =>
      readShopEnv({ DATABASE_POOL_MAX: '500', STRIPE_API_PROTOCOL: 'ftp', LOG_FORMAT: 'xml' }),
    ).toThrow(
      new ConfigError(
        [
          'DATABASE_POOL_MAX must be between 1 and 200.',
          'STRIPE_API_PROTOCOL must be http or https.',
          'LOG_FORMAT must be json or pretty.',
        ].join('\n'),
      ),
    );
  });
});
