import { ConfigError, EMBEDDED_DATABASE_URL } from '@shop/env';
import { describe, expect, it } from 'vitest';
import { readStorefrontEnv } from './env';

/** The storefront's one env: its own variables plus the Shop's fragments (`extends`). */
describe('readStorefrontEnv', () => {
  it("needs nothing, and carries the packages' variables beside its own", () => {
    const env = readStorefrontEnv({});
    expect(env.DATABASE_URL).toBe(EMBEDDED_DATABASE_URL);
    expect(env.DATABASE_POOL_MAX).toBe(10);
    expect(env.STRIPE_SECRET_KEY).toBeUndefined();
    expect(env.LOG_LEVEL).toBe('info');
    expect(env.STOREFRONT_URL).toBe('http://localhost:3000');
    expect(env.CHECKOUT_RESERVATION_SECONDS).toBe(900);
    expect(readStorefrontEnv({ NODE_ENV: 'development' }).LOG_FORMAT).toBe('pretty');
  });

  it("reports a bad value in a package's fragment once, in that package's sentence", () => {
    expect(() => readStorefrontEnv({ DATABASE_URL: 'mysql://shop@db/shop' })).toThrow(
      new ConfigError(
        'DATABASE_URL must be a postgres:// or postgresql:// URL, e.g. postgres://user:pass@host:5432/db.',
      ),
    );
  });

  it('says what is wrong with a pool size in a sentence too', () => {
    expect(() => readStorefrontEnv({ DATABASE_POOL_MAX: '0' })).toThrow(
      new ConfigError('DATABASE_POOL_MAX must be between 1 and 200.'),
    );
  });

  it('names the bad variables of every fragment in one error', () => {
    expect(() => readStorefrontEnv({ LOG_LEVEL: 'loud', STRIPE_API_PORT: 'eighty' })).toThrow(
      new ConfigError(
        'STRIPE_API_PORT must be a port number.\nLOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent.',
      ),
    );
  });

  it('still reports its own variables in the same format', () => {
    expect(() => readStorefrontEnv({ CHECKOUT_MAX_HOLDS_PER_CLIENT: '0' })).toThrow(
      new ConfigError('CHECKOUT_MAX_HOLDS_PER_CLIENT must be between 1 and 1000000.'),
    );
  });
});
