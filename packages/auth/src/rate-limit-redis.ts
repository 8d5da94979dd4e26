import { createHash } from 'node:crypto';
import type { createRedisClient } from '@shop/cache';
import { Ratelimit } from '@upstash/ratelimit';
import type { RateDecision, RateLimiter, RateRule } from './rate-limit';

/**
 * The rate limiter over Redis (`@upstash/ratelimit`, sliding windows), shared by every replica
 * when `UPSTASH_REDIS_REST_URL` is set. One `Ratelimit` per rule, each under its own key prefix
 * (`shop:rl:<rule>:<window>s`); no ephemeral cache (a block remembered in one process would
 * outlive a forgive made by another); a timeout, so a slow Redis costs a request at most
 * `timeoutMs`.
 *
 * When Redis fails (an error, or no answer within `timeoutMs`, which the SDK reports as an
 * allowed hit with reason `timeout`: here it is a failure, never a free pass), that hit is counted
 * by `fallback` (the in-process sliding window) instead, and so is every hit for the next
 * `cooldownMs`, so a dead Redis is not waited on by every request; then Redis is tried again.
 * A request is thus never let through uncounted and never fails because of the limiter.
 */

type Redis = ReturnType<typeof createRedisClient>;

export interface RedisRateLimiterOptions {
  redis: Redis;
  /** Counts the hits Redis could not (the in-memory limiter). */
  fallback: RateLimiter;
  /** How long one Redis call may take before `fallback` answers instead. */
  timeoutMs: number;
  /** After a failure, how long every hit goes straight to `fallback` (5 s by default). */
  cooldownMs?: number;
  /** Key prefix in Redis; `shop:rl` by default. */
  prefix?: string;
  /** Told once when Redis stops answering (and the fallback takes over) and when it is back. */
  onUnavailable?: (err: unknown) => void;
  onRecovered?: () => void;
}

export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  const { redis, fallback, timeoutMs } = options;
  const cooldownMs = options.cooldownMs ?? 5_000;
  const prefix = options.prefix ?? 'shop:rl';
  const limiters = new Map<string, Ratelimit>();
  const scripts = withPlainRedisScripts(redis);
  let downUntil = 0;
  let down = false;

  /** The rule's Ratelimit, made once per rule (a handful of rules per process). */
  const limiterFor = (rule: RateRule): Ratelimit => {
    const id = `${rule.name}:${rule.windowSeconds}:${rule.max}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      limiter = new Ratelimit({
        redis: scripts,
        limiter: Ratelimit.slidingWindow(rule.max, `${rule.windowSeconds} s`),
        // The budget is not part of the prefix: a changed limit keeps counting the same hits.
        prefix: `${prefix}:${rule.name}:${rule.windowSeconds}s`,
        ephemeralCache: false,
        timeout: timeoutMs,
        analytics: false,
      });
      limiters.set(id, limiter);
    }
    return limiter;
  };

  /** One Redis call; throws on an error and on a timeout. */
  const call = async (rule: RateRule, subject: string, rate: 1 | -1) => {
    const response = await limiterFor(rule).limit(subject, { rate });
    if (response.reason === 'timeout')
      throw new Error(`Redis did not answer the rate limiter within ${timeoutMs} ms`);
    if (down) {
      down = false;
      options.onRecovered?.();
    }
    return response;
  };

  const failed = (err: unknown) => {
    downUntil = Date.now() + cooldownMs;
    if (!down) {
      down = true;
      options.onUnavailable?.(err);
    }
  };

  const available = () => Date.now() >= downUntil;

  return {
    async hit(rule, subject): Promise<RateDecision> {
      if (!available()) return fallback.hit(rule, subject);
      try {
        const { success, reset } = await call(rule, subject, 1);
        return {
          allowed: success,
          retryAfterSeconds: Math.max(1, Math.ceil((reset - Date.now()) / 1000)),
        };
      } catch (err) {
        failed(err);
        return fallback.hit(rule, subject);
      }
    },

    /**
     * A refund (`rate: -1`, the SDK's own): one hit less in the current window. A hit made in the
     * previous window is refunded from the current one, so a success that straddles a boundary
     * is forgiven a little more than it was counted (less than one hit, once per window).
     */
    async forgive(rule, subject) {
      if (!available()) return fallback.forgive(rule, subject);
      try {
        await call(rule, subject, -1);
      } catch (err) {
        failed(err);
        await fallback.forgive(rule, subject);
      }
    },
  };
}

/**
 * `@upstash/ratelimit`'s scripts start with `#!lua flags=allow-key-locking`, a flag only
 * Upstash's servers know; a plain redis-server (behind the local REST bridge or the
 * serverless-redis-http image) refuses the script ("Unexpected flag in script shebang"). After
 * the first such refusal the scripts are sent without the flag (plain Redis runs a script alone
 * anyway, so the flag's locking changes nothing there), and the SDK's EVALSHA of a script's
 * original hash is sent with the hash of the script as it was loaded, so each hit stays one call.
 */
export function withPlainRedisScripts(redis: Redis): Redis {
  const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
  const loadedAs = new Map<string, string>();
  let plain = false;
  const strip = (script: string) =>
    script.replace(/^#!lua flags=allow-key-locking(?=\r?\n)/, '#!lua');
  const refused = (err: unknown) => String(err).includes('Unexpected flag in script shebang');
  type Eval = (script: string, keys: string[], args: unknown[]) => Promise<unknown>;
  const run: Eval = (script, keys, args) => redis.eval(script, keys, args);
  const runSha: Eval = (hash, keys, args) => redis.evalsha(hash, keys, args);
  const evalScript: Eval = async (script, keys, args) => {
    if (!plain) {
      try {
        return await run(script, keys, args);
      } catch (err) {
        if (!refused(err)) throw err;
        plain = true;
      }
    }
    const stripped = strip(script);
    loadedAs.set(sha1(script), sha1(stripped));
    return run(stripped, keys, args);
  };
  const evalSha: Eval = (hash, keys, args) => runSha(loadedAs.get(hash) ?? hash, keys, args);
  return Object.create(redis, {
    eval: { value: evalScript },
    evalsha: { value: evalSha },
  }) as Redis;
}
