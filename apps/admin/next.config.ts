import type { NextConfig } from 'next';
import { SERVER_EXTERNAL_PACKAGES } from '@shop/observability/server-externals';
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
  // Unbundled on the server: the drivers, the logger, metrics and tracing (one list for both apps).
  serverExternalPackages: SERVER_EXTERNAL_PACKAGES,
};

export default config;
