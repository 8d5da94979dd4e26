import type { NextConfig } from 'next';
// Validates the environment at build time too: a bad value stops `next build` with one sentence.
import './src/env';

const config: NextConfig = {
  poweredByHeader: false,
  // The Docker images (docker/*.Dockerfile) build with NEXT_OUTPUT=standalone: a self-contained
  // server with only the files it traces. `pnpm start`, the tests and the benchmarks use the
  // default output, which `next start` and tooling/scripts/serve-next.ts serve as it is.
  output: process.env.NEXT_OUTPUT === 'standalone' ? 'standalone' : undefined,
  reactStrictMode: true,
  // Workspace packages export TypeScript source (see STYLE.md), so Next compiles them.
  transpilePackages: [
    '@shop/api',
    '@shop/auth',
    '@shop/cache',
    '@shop/core',
    '@shop/csv-io',
    '@shop/db',
    '@shop/env',
    '@shop/logger',
    '@shop/mail',
    '@shop/money',
    '@shop/observability',
    '@shop/payments',
    '@shop/plugin-risk',
    '@shop/plugins',
    '@shop/runtime',
    '@shop/storage',
    '@shop/validators',
    '@shop/webhooks',
  ],
  // The Postgres driver stays a plain Node require (it has optional native bindings); so does
  // pino (Next lists it by default too), which must not be bundled.
  // OpenTelemetry (loaded only with OTEL_EXPORTER_OTLP_ENDPOINT) patches `pg` through Node's
  // require, and prom-client keeps one registry per process: both stay unbundled too.
  serverExternalPackages: [
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
  ],
};

export default config;
