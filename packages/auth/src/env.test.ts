import { describe, expect, it } from 'vitest';
import { RATE_LIMITS } from '../../api/src/rate-limits';
import {
  CONFIGURABLE_RATE_RULES,
  parseRateLimit,
  rateLimitVariable,
  readRateLimitEnv,
} from './env';
import { AUTH_RATE_RULES, FAILED_SIGN_IN_RULE } from './throttle';

describe('rate limit env', () => {
  it('defaults to the Postgres store, no overrides and a 250 ms Redis timeout', () => {
    expect(readRateLimitEnv({})).toEqual({
      redis: null,
      overrides: {},
      RATE_LIMIT_REDIS_TIMEOUT_MS: 250,
    });
  });

  it('reads RATE_LIMIT_<RULE>=<max>/<window> and the Redis variables', () => {
    const env = readRateLimitEnv({
      RATE_LIMIT_SIGN_IN_FAILED: '5/1m',
      RATE_LIMIT_CART_CREATE: ' 200 / 1h ',
      RATE_LIMIT_CHECKOUT_PAY: '',
      RATE_LIMIT_REDIS_TIMEOUT_MS: '80',
      UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:8079',
      UPSTASH_REDIS_REST_TOKEN: 'token',
    });
    expect(env).toEqual({
      redis: { url: 'http://127.0.0.1:8079', token: 'token' },
      overrides: {
        'sign-in-failed': { max: 5, windowSeconds: 60 },
        'cart-create': { max: 200, windowSeconds: 3600 },
      },
      RATE_LIMIT_REDIS_TIMEOUT_MS: 80,
    });
    expect(parseRateLimit('30/90s')).toEqual({ max: 30, windowSeconds: 90 });
    expect(parseRateLimit('0/1m')).toBeNull();
    expect(parseRateLimit('5/169h')).toBeNull();
    expect(parseRateLimit('5 per minute')).toBeNull();
  });

  it('names every bad variable of the fragment in one sentence each', () => {
    let message = '';
    try {
      readRateLimitEnv({
        RATE_LIMIT_SIGN_UP: 'ten',
        RATE_LIMIT_SIGNUP: '5/1m',
        RATE_LIMIT_REDIS_TIMEOUT_MS: '0',
        UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:8079',
      });
    } catch (err) {
      message = err instanceof Error ? err.message : String(err);
    }
    expect(message.split('\n').sort()).toEqual(
      [
        'RATE_LIMIT_REDIS_TIMEOUT_MS must be between 1 and 10000.',
        `RATE_LIMIT_SIGNUP is not a rate limit; the limits are ${CONFIGURABLE_RATE_RULES.map(rateLimitVariable).join(', ')}.`,
        'RATE_LIMIT_SIGN_UP must be <max>/<window>, at least 1 hit per a window of 1s to 168h, e.g. 5/15m (not "ten").',
        'Set UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN together (or neither, for the in-process cache).',
      ].sort(),
    );
  });

  it('can configure exactly the rules there are (the storefront procedures and the auth paths)', () => {
    const names = [
      ...Object.values(RATE_LIMITS).map((r) => r.name),
      ...Object.values(AUTH_RATE_RULES).map((r) => r.name),
      FAILED_SIGN_IN_RULE.name,
      'auth-other',
    ];
    expect([...names].sort()).toEqual([...CONFIGURABLE_RATE_RULES].sort());
  });
});
