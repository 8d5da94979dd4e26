import { readRedisEnv, type RedisConfig } from '@shop/cache';
import { ConfigError, createShopEnv, readFragments, zWholeNumber } from '@shop/env';

/**
 * The rate limits' variables. Each rule can be set by `RATE_LIMIT_<RULE>=<max>/<window>`, e.g.
 * `RATE_LIMIT_SIGN_IN_FAILED=5/15m` (5 hits per 15 minutes; the window in `s`, `m` or `h`);
 * unset keeps the rule's own numbers (docs/limits.md lists them). Redis (`UPSTASH_REDIS_REST_*`,
 * `@shop/cache`'s fragment) is the store when configured, with `RATE_LIMIT_REDIS_TIMEOUT_MS`
 * (250 by default) as the most one hit may wait for it.
 */

/**
 * The rules that can be configured, by name (`RateRule.name`): better-auth's per-path ceilings
 * and the failed sign-in budget (`throttle.ts`), and the storefront procedures' (`RATE_LIMITS`
 * in `@shop/api`'s rate-limits.ts; a test checks the two lists agree).
 */
export const CONFIGURABLE_RATE_RULES = [
  'sign-in-failed',
  'sign-in',
  'sign-up',
  'password-reset-request',
  'password-reset',
  'auth-other',
  'cart-create',
  'checkout-start',
  'checkout-pay',
  'order-lookup',
  'cart-write',
  'search',
] as const;

export type ConfigurableRateRule = (typeof CONFIGURABLE_RATE_RULES)[number];

/** A rule's numbers set from the environment. */
export type RateLimitOverrides = Partial<
  Record<ConfigurableRateRule, { max: number; windowSeconds: number }>
>;

// A type, not an interface: fragments must be assignable to `Record<string, unknown>`.
export type RateLimitEnv = {
  redis: RedisConfig | null;
  overrides: RateLimitOverrides;
  RATE_LIMIT_REDIS_TIMEOUT_MS: number;
};

/** `RATE_LIMIT_SIGN_IN_FAILED` for `sign-in-failed`. */
export function rateLimitVariable(rule: ConfigurableRateRule): string {
  return `RATE_LIMIT_${rule.toUpperCase().replace(/-/g, '_')}`;
}

const UNITS = { s: 1, m: 60, h: 3600 } as const;
const MAX_WINDOW_SECONDS = 7 * 24 * 3600;
const RULE_VALUE = /^\s*(\d{1,7})\s*\/\s*(\d{1,6})\s*([smh])\s*$/;

/** `5/15m` → 5 hits per 900 seconds; null for anything else. */
export function parseRateLimit(value: string): { max: number; windowSeconds: number } | null {
  const match = RULE_VALUE.exec(value);
  if (!match) return null;
  const max = Number(match[1]);
  const windowSeconds = Number(match[2]) * UNITS[match[3] as keyof typeof UNITS];
  if (max < 1 || windowSeconds < 1 || windowSeconds > MAX_WINDOW_SECONDS) return null;
  return { max, windowSeconds };
}

const TIMEOUT_VARIABLE = 'RATE_LIMIT_REDIS_TIMEOUT_MS';

/** The `RATE_LIMIT_<RULE>` variables: one sentence per unknown name or bad value. */
function readOverrides(source: Record<string, string | undefined>): {
  overrides: RateLimitOverrides;
} {
  const sentences: string[] = [];
  const known = new Map(CONFIGURABLE_RATE_RULES.map((rule) => [rateLimitVariable(rule), rule]));
  const overrides: RateLimitOverrides = {};
  for (const [name, raw] of Object.entries(source)) {
    if (!name.startsWith('RATE_LIMIT_') || name === TIMEOUT_VARIABLE) continue;
    const value = raw?.trim() ?? '';
    if (value === '') continue; // empty counts as unset, as everywhere else
    const rule = known.get(name);
    if (!rule) {
      sentences.push(
        `${name} is not a rate limit; the limits are ${[...known.keys()].join(', ')}.`,
      );
      continue;
    }
    const parsed = parseRateLimit(value);
    if (parsed) overrides[rule] = parsed;
    else
      sentences.push(
        `${name} must be <max>/<window>, at least 1 hit per a window of 1s to 168h, e.g. 5/15m (not "${value}").`,
      );
  }
  if (sentences.length > 0) throw new ConfigError(sentences.join('\n'));
  return { overrides };
}

export function readRateLimitEnv(
  source: Record<string, string | undefined> = process.env,
): RateLimitEnv {
  const [{ redis }, { overrides }, timeout] = readFragments(
    () => readRedisEnv(source),
    () => readOverrides(source),
    () =>
      createShopEnv(
        { [TIMEOUT_VARIABLE]: zWholeNumber('a number of milliseconds', 1, 10_000, 250) },
        source,
      ),
  );
  return { redis, overrides, RATE_LIMIT_REDIS_TIMEOUT_MS: timeout.RATE_LIMIT_REDIS_TIMEOUT_MS };
}
