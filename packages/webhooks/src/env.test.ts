import { ConfigError } from '@shop/env';
import { describe, expect, it } from 'vitest';
import { readWebhooksEnv } from './env';
import { DEFAULT_RETRY_SECONDS } from './retry';

describe('readWebhooksEnv', () => {
  it('defaults: public addresses only, 10 s per request, the Svix-like schedule, 120 hours', () => {
    const env = readWebhooksEnv({});
    expect(env.WEBHOOK_ALLOWED_HOSTS).toEqual({ hosts: [], ranges: [] });
    expect(env.WEBHOOK_TIMEOUT_MS).toBe(10_000);
    expect(env.WEBHOOK_RETRY_SECONDS).toEqual(DEFAULT_RETRY_SECONDS);
    expect(env.WEBHOOK_DISABLE_AFTER_HOURS).toBe(120);
  });

  it('reads the variables', () => {
    const env = readWebhooksEnv({
      WEBHOOK_ALLOWED_HOSTS: 'localhost,127.0.0.1',
      WEBHOOK_TIMEOUT_MS: '500',
      WEBHOOK_RETRY_SECONDS: '0.5, 1,2',
      WEBHOOK_DISABLE_AFTER_HOURS: '0.5',
    });
    expect(env.WEBHOOK_ALLOWED_HOSTS.hosts).toEqual(['localhost']);
    expect(env.WEBHOOK_RETRY_SECONDS).toEqual([0.5, 1, 2]);
    expect(env.WEBHOOK_DISABLE_AFTER_HOURS).toBe(0.5);
  });

  it('names every bad variable in one sentence each', () => {
    let message = '';
    try {
      readWebhooksEnv({
        WEBHOOK_ALLOWED_HOSTS: 'ftp://x',
        WEBHOOK_TIMEOUT_MS: '0',
        WEBHOOK_RETRY_SECONDS: '5,soon',
        WEBHOOK_DISABLE_AFTER_HOURS: '-1',
      });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'WEBHOOK_ALLOWED_HOSTS must be a comma-separated list of hostnames, IP addresses or CIDR ranges (not "ftp://x").',
      'WEBHOOK_TIMEOUT_MS must be between 50 and 120000.',
      'WEBHOOK_RETRY_SECONDS must be a comma-separated list of at most 50 waits in seconds (each at most a week), e.g. 5,300,1800.',
      'WEBHOOK_DISABLE_AFTER_HOURS must be more than 0.',
    ]);
  });
});
