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
  // The page cache shared by the replicas (@shop/cache/next-cache-handler: Redis when
  // UPSTASH_REDIS_REST_URL is set, else this process's LRU), bundled to plain JavaScript by
  // build-cache-handler.mjs before `next build`; Next's own in-memory copy is off, so every
  // read sees the other replicas' renders and revalidations (docs/cache.md).
  cacheHandler: new URL('./dist/next-cache-handler.mjs', import.meta.url).href,
  cacheMaxMemorySize: 0,
  // Workspace packages export TypeScript source (see STYLE.md), so Next compiles them.
  transpilePackages: [
    '@shop/api',
    '@shop/auth',
    '@shop/cache',
    '@shop/core',
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
  ],
  // Unbundled on the server: the drivers, the logger, metrics and tracing (one list for both apps).
  serverExternalPackages: SERVER_EXTERNAL_PACKAGES,
  // Each catalog page names its keys at the edge (docker/varnish/default.vcl copies Cache-Tag
  // into xkey): `catalog` on every one, plus its own; the worker purges them after a change
  // (docs/deploy.md, "The edge").
  async headers() {
    const region = '/:region([a-z]{2})';
    const tags = (source: string, own: string) => ({
      source,
      headers: [{ key: 'Cache-Tag', value: `catalog,${own}` }],
    });
    return [
      tags(`${region}/p/:handle`, 'product-handle::handle'),
      ...['', '/c/:handle', '/collections/:handle', '/search'].map((p) =>
        tags(`${region}${p}`, 'listing'),
      ),
    ];
  },
  images: {
    // Uploaded product images, served from storage by `app/media/[...key]/route.ts`. Their keys
    // carry a content hash (a changed image is a new URL), so optimised copies keep for a year.
    localPatterns: [{ pathname: '/media/products/**', search: '' }],
    minimumCacheTTL: 31_536_000,
  },
};

export default config;
