import { createEnv, type StandardSchemaV1 } from '@t3-oss/env-core';
import { z } from 'zod';
import { parseTrustedProxies, type AddressRange } from './client-address';

/**
 * Shared pieces of every app's env.ts: the variables more than one process reads, each with a
 * default that selects embedded mode, and one error format. A bad value stops the process with
 * one sentence per variable that names it and says what is wrong; never a stack trace.
 */

/** Where `pnpm start` and `pnpm services:up` put the embedded Postgres. */
export const EMBEDDED_DATABASE_URL = 'postgres://postgres:postgres@127.0.0.1:54329/shop';

/** Secrets used only when nothing is configured; `pnpm start` generates real ones per install. */
const DEV_SECRET = 'embedded-mode-only-secret-do-not-use-in-production-0000';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const zDatabaseUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\/[^\s]+$/.test(v), {
    message: 'must be a postgres:// or postgresql:// URL, e.g. postgres://user:pass@host:5432/db',
  })
  .default(EMBEDDED_DATABASE_URL);

export const zSecret = z
  .string()
  .min(32, {
    message: 'must be at least 32 characters long (generate one with `openssl rand -hex 32`)',
  })
  .refine((v) => !/\s/.test(v), { message: 'must not contain whitespace' })
  .default(DEV_SECRET);

export const zHttpUrl = (fallback: string) =>
  z
    .string()
    .refine((v) => /^https?:\/\/[^\s]+$/.test(v), { message: 'must be an http:// or https:// URL' })
    .default(fallback)
    .transform((v) => v.replace(/\/+$/, ''));

/** A whole number between `min` and `max` from the environment, with its default. */
export function zWholeNumber(what: string, min: number, max: number, fallback: number) {
  const range = { message: `must be between ${min} and ${max}` };
  return z.coerce
    .number({ message: `must be ${what}` })
    .int({ message: 'must be a whole number' })
    .min(min, range)
    .max(max, range)
    .default(fallback);
}

export const zPort = (fallback: number) => zWholeNumber('a port number', 1, 65535, fallback);

/** A positive whole-number limit (a count of units, holds, requests) with its default. */
export const zLimit = (fallback: number) => zWholeNumber('a whole number', 1, 1_000_000, fallback);

/**
 * `TRUSTED_PROXIES`: the proxies whose `X-Forwarded-For` the production server believes, as
 * comma-separated IPs and CIDR ranges; unset trusts none (the client is the socket peer).
 */
export const zTrustedProxies = z
  .string()
  .default('')
  .transform((v, ctx): AddressRange[] => {
    try {
      return parseTrustedProxies(v);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) });
      return z.NEVER;
    }
  });

type Issue = { path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>; message: string };

/** One sentence per bad variable: `REVALIDATE_SECRET must be at least 32 characters long`. */
export function formatEnvIssues(issues: ReadonlyArray<Issue>): string {
  return issues
    .map((issue) => {
      const first = issue.path?.[0];
      const name =
        typeof first === 'object' && first !== null
          ? String(first.key)
          : String(first ?? 'configuration');
      const msg = issue.message.replace(/\.$/, '');
      return `${name} ${msg.startsWith('Invalid input') ? 'is missing or invalid' : msg}.`;
    })
    .join('\n');
}

/**
 * What every env.ts hands `createEnv` (env-core's or env-nextjs'): an empty value counts as unset
 * (so its default applies), and a bad value throws one ConfigError with one sentence per variable.
 */
export const shopEnvOptions = {
  emptyStringAsUndefined: true,
  onValidationError: (issues: ReadonlyArray<Issue>): never => {
    throw new ConfigError(formatEnvIssues(issues));
  },
};

/**
 * The env fragments of several packages, for `createEnv`'s `extends`: each reader is a package's
 * own (`readDbEnv`, `readPaymentsEnv`, `readLoggerEnv`) and validates its variables with its
 * sentences. All of them are read before any failure is thrown, so one start names every bad
 * variable of every fragment, each once.
 */
export function readFragments<const T extends readonly (() => Record<string, unknown>)[]>(
  ...readers: T
): { -readonly [K in keyof T]: ReturnType<T[K]> } {
  const values: unknown[] = [];
  const sentences: string[] = [];
  for (const read of readers) {
    try {
      values.push(read());
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      for (const sentence of err.message.split('\n')) {
        if (!sentences.includes(sentence)) sentences.push(sentence);
      }
    }
  }
  if (sentences.length > 0) throw new ConfigError(sentences.join('\n'));
  return values as { -readonly [K in keyof T]: ReturnType<T[K]> };
}

/**
 * `createEnv` from env-core with the shared error format; throws a ConfigError. `fragments`
 * (from `readFragments`) are other packages' validated envs, merged under this one's
 * variables (`extends`).
 */
export function createShopEnv<
  T extends Record<string, StandardSchemaV1>,
  const F extends Record<string, unknown>[] = [],
>(server: T, runtimeEnv: Record<string, string | undefined>, fragments?: F) {
  return createEnv<'', T, NonNullable<unknown>, NonNullable<unknown>, F>({
    server,
    runtimeEnv,
    ...(fragments ? { extends: fragments } : {}),
    ...shopEnvOptions,
    isServer: true,
  });
}
