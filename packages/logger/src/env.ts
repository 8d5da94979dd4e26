import { createShopEnv } from '@shop/env';
import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/**
 * The logger's env fragment. `LOG_LEVEL` (default `info`) drops every line below it; `silent`
 * drops them all. `LOG_FORMAT` is `json` (one JSON object a line, for a log collector) or
 * `pretty` (one readable line each); unset, it is `pretty` under `NODE_ENV=development` (what
 * `next dev` sets) and `json` otherwise, so production and the test stack log JSON.
 */
export function readLoggerEnv(source: Record<string, string | undefined> = process.env) {
  return createShopEnv(
    {
      LOG_LEVEL: z
        .enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
        .default('info'),
      LOG_FORMAT: z
        .enum(LOG_FORMATS, { message: 'must be json or pretty' })
        .default(source.NODE_ENV === 'development' ? 'pretty' : 'json'),
    },
    source,
  );
}

export type LoggerEnv = ReturnType<typeof readLoggerEnv>;
