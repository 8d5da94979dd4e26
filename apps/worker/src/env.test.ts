import { ConfigError } from '@shop/env';
import { describe, expect, it } from 'vitest';
import { readWorkerEnv } from './env';

describe('readWorkerEnv', () => {
  it("extends the Shop's fragments: their variables are here, their errors are theirs", () => {
    const env = readWorkerEnv({ STOREFRONT_URL: 'http://shop.test/', LOG_FORMAT: 'pretty' });
    expect(env).toMatchObject({
      LOG_FORMAT: 'pretty',
      DATABASE_POOL_MAX: 10,
      STOREFRONT_URLS: ['http://shop.test'],
    });
    expect(() => readWorkerEnv({ LOG_FORMAT: 'xml' })).toThrow(
      new ConfigError('LOG_FORMAT must be json or pretty.'),
    );
  });
});
