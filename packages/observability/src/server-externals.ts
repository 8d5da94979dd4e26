/**
 * The packages both Next apps keep unbundled (`serverExternalPackages`), written once. The
 * Postgres driver stays a plain Node require (it has optional native bindings); so does pino
 * (Next lists it by default too), which must not be bundled. OpenTelemetry (loaded only with
 * OTEL_EXPORTER_OTLP_ENDPOINT) patches `pg` through Node's require, and prom-client keeps one
 * registry per process: both stay unbundled too. No imports: next.config reads it at build.
 */
export const SERVER_EXTERNAL_PACKAGES = [
  'pg',
  'pino',
  'pino-pretty',
  'prom-client',
  '@opentelemetry/context-async-hooks',
  '@opentelemetry/core',
  '@opentelemetry/exporter-trace-otlp-http',
  '@opentelemetry/instrumentation',
  '@opentelemetry/instrumentation-pg',
  '@opentelemetry/resources',
  '@opentelemetry/sdk-trace',
];
