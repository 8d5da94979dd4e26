import { ConfigError } from '@shop/env';
import { describe, expect, it } from 'vitest';
import { readSearchEnv, readShopEnv, readShopFragments } from './env';

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

  it('names a bad rate limit rule at start, with the other fragments (readShopFragments)', () => {
    const read = () =>
      readShopFragments({
        LOG_FORMAT: 'xml',
        RATE_LIMIT_SIGN_IN_FAILED: 'lots',
        RATE_LIMIT_NOPE: '1/1m',
      });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(
      /^LOG_FORMAT must be json or pretty\.\nRATE_LIMIT_SIGN_IN_FAILED must be <max>\/<window>.*\nRATE_LIMIT_NOPE is not a rate limit/s,
    );
    expect(readShopFragments({ RATE_LIMIT_SIGN_IN_FAILED: '9/2m' }).at(-1)).toEqual({
      RATE_LIMIT_REDIS_TIMEOUT_MS: 250,
    });
  });
});

describe('readSearchEnv', () => {
  it('selects the Postgres engine alone when MEILISEARCH_HOST is unset or empty', () => {
    expect(readSearchEnv({})).toEqual({
      MEILISEARCH_HOST: undefined,
      MEILISEARCH_API_KEY: undefined,
      MEILISEARCH_INDEX: 'products',
      SEARCH_TIMEOUT_MS: 300,
    });
    expect(readSearchEnv({ MEILISEARCH_HOST: '' }).MEILISEARCH_HOST).toBeUndefined();
    expect(readShopEnv({}).search.MEILISEARCH_HOST).toBeUndefined();
  });

  it('reads a Meilisearch server, its key, index and the timeout', () => {
    expect(
      readSearchEnv({
        MEILISEARCH_HOST: 'http://127.0.0.1:7700/',
        MEILISEARCH_API_KEY: 'masterKey',
        MEILISEARCH_INDEX: 'shop-products_2',
        SEARCH_TIMEOUT_MS: '150',
      }),
    ).toEqual({
      MEILISEARCH_HOST: 'http://127.0.0.1:7700',
      MEILISEARCH_API_KEY: 'masterKey',
      MEILISEARCH_INDEX: 'shop-products_2',
      SEARCH_TIMEOUT_MS: 150,
    });
  });

  it('names every bad search variable in its own sentence, with the other fragments', () => {
    expect(() =>
      readSearchEnv({
        MEILISEARCH_HOST: 'localhost:7700',
        SEARCH_TIMEOUT_MS: '0',
        MEILISEARCH_INDEX: 'products OR 1',
      }),
    ).toThrow(
      new ConfigError(
        [
          'MEILISEARCH_HOST must be an http:// or https:// URL.',
          'SEARCH_TIMEOUT_MS must be between 1 and 60000.',
          'MEILISEARCH_INDEX must be a Meilisearch index name: letters, digits, hyphens and underscores.',
        ].join('\n'),
      ),
    );
    expect(() => readSearchEnv({ SEARCH_TIMEOUT_MS: '2.5' })).toThrow(
      new ConfigError('SEARCH_TIMEOUT_MS must be a whole number.'),
    );
    expect(() => readSearchEnv({ SEARCH_TIMEOUT_MS: 'soon' })).toThrow(
      new ConfigError('SEARCH_TIMEOUT_MS must be a whole number of milliseconds.'),
    );
    expect(() => readShopEnv({ LOG_FORMAT: 'xml', SEARCH_TIMEOUT_MS: '-1' })).toThrow(
      new ConfigError(
        [
          'LOG_FORMAT must be json or pretty.',
          'SEARCH_TIMEOUT_MS must be between 1 and 60000.',
        ].join('\n'),
      ),
    );
  });
});
