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
  it("composes the webhooks' fragment, and names a bad one in the same start as the Shop's", () => {
    expect(
      readWorkerEnv({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' }).WEBHOOK_ALLOWED_HOSTS.ranges,
    ).toHaveLength(1);
    expect(() => readWorkerEnv({ LOG_FORMAT: 'xml', WEBHOOK_ALLOWED_HOSTS: 'ftp://x' })).toThrow(
      new ConfigError(
        'LOG_FORMAT must be json or pretty.\nWEBHOOK_ALLOWED_HOSTS must be a comma-separated list of hostnames, IP addresses or CIDR ranges (not "ftp://x").',
      ),
    );
  });
  it('reads the edge to purge: unset or empty is no edge, a URL loses its trailing slash, anything else is refused', () => {
    expect(readWorkerEnv({}).EDGE_PURGE_URL).toBeUndefined();
    expect(readWorkerEnv({ EDGE_PURGE_URL: '' }).EDGE_PURGE_URL).toBeUndefined();
    expect(readWorkerEnv({ EDGE_PURGE_URL: 'http://127.0.0.1:6081/' }).EDGE_PURGE_URL).toBe(
      'http://127.0.0.1:6081',
    );
    expect(() => readWorkerEnv({ EDGE_PURGE_URL: 'varnish:80' })).toThrow(
      new ConfigError('EDGE_PURGE_URL must be an http:// or https:// URL.'),
    );
    expect(() => readWorkerEnv({ EDGE_PURGE_SECRET: 'short' })).toThrow(ConfigError);
  });
});
