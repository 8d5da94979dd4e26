import { createShopEnv } from '@shop/env';
import { z } from 'zod';

/**
 * The variables of health, metrics and tracing (docs/observability.md), validated with one
 * sentence each:
 *
 * - `METRICS_TOKEN`: when set, `/api/metrics` answers `Authorization: Bearer <it>` only, from
 *   anywhere; unset, it answers callers on this machine only. At least 16 characters.
 * - `WORKER_HEALTH_PORT`: the worker's health and metrics listener; unset, none.
 * - `OTEL_EXPORTER_OTLP_ENDPOINT` (and `OTEL_SERVICE_NAME`, `OTEL_EXPORTER_OTLP_HEADERS`, read by
 *   the exporter itself): traces are exported there; unset, no OpenTelemetry code is loaded.
 * - `UPSTASH_REDIS_REST_URL` and `_TOKEN`, read (not validated: `@shop/cache` does) so the cache
 *   check pings the Redis the shop uses.
 */
export function readObservabilityEnv(source: Record<string, string | undefined> = process.env) {
  const env = createShopEnv(
    {
      METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
      WORKER_HEALTH_PORT: z.coerce
        .number({ message: 'must be a port number (1-65535), or unset for none' })
        .int('must be a port number (1-65535), or unset for none')
        .min(1, 'must be a port number (1-65535), or unset for none')
        .max(65535, 'must be a port number (1-65535), or unset for none')
        .optional(),
      OTEL_EXPORTER_OTLP_ENDPOINT: z
        .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
        .optional(),
      OTEL_SERVICE_NAME: z.string().min(1).optional(),
    },
    source,
  );
  const url = source.UPSTASH_REDIS_REST_URL;
  const token = source.UPSTASH_REDIS_REST_TOKEN;
  return {
    metricsToken: env.METRICS_TOKEN,
    workerHealthPort: env.WORKER_HEALTH_PORT ?? null,
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
    serviceName: env.OTEL_SERVICE_NAME,
    redis: url && token ? { url, token } : null,
  };
}

export type ObservabilityEnv = ReturnType<typeof readObservabilityEnv>;
