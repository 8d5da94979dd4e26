/**
 * Bundles the storefront's page cache handler (`@shop/cache/next-cache-handler`, TypeScript
 * source like every workspace package) into one plain JavaScript file,
 * `dist/next-cache-handler.mjs`, before `next build` and `next dev` (see package.json): Next
 * loads `cacheHandler` with a run-time `import()`, outside its bundler, so the file must be
 * JavaScript Node runs as it is, without the workspace's TypeScript or path aliases. Everything
 * it uses (the cache drivers, @upstash/redis, zod) is bundled in, so it needs no package at run
 * time; Next's build traces it into the standalone output (`.next/standalone/apps/storefront/dist/`).
 */
/* global console */
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const CACHE_HANDLER_FILE = path.join(here, 'dist/next-cache-handler.mjs');

await build({
  entryPoints: [path.join(here, '../../packages/cache/src/next-cache-handler.ts')],
  outfile: CACHE_HANDLER_FILE,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  logLevel: 'warning',
  // Its Redis calls use Next's unpatched fetch (see that file).
  inject: [path.join(here, 'cache-handler-fetch.mjs')],
  // Bundled CommonJS libraries call require(); ESM output has none unless it is given one.
  banner: {
    js: "import { createRequire as __shopCreateRequire } from 'node:module'; const require = __shopCreateRequire(import.meta.url);",
  },
});
console.log(`built ${path.relative(here, CACHE_HANDLER_FILE)}`);
