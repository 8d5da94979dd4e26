/**
 * `pnpm --filter @shop/worker build`: compiles the shop's two long-running Node processes that
 * are not Next itself to plain JavaScript, so production runs them with `node`, not through tsx
 * (which compiles every module at start-up and keeps esbuild and its caches in memory):
 *
 *   dist/main.js        the worker (src/main.ts)
 *   dist/migrate/index.js  migrations, then exit (the compose stack's one-shot `migrate`
 *                       service); the migrations are copied to dist/drizzle beside it
 *   dist/serve-next.js  the launcher of the Next apps (tooling/scripts/serve-next.ts: `next`
 *                       behind the client-identity server; the app images run it)
 *
 * The workspace packages (@shop/*, which export TypeScript source) and the small pure-JS
 * libraries are bundled in. What must stay a real package at run time is kept external: native
 * or optional-native modules, packages that load files or workers by name at run time (pino's
 * transports, graphile-worker's migrations, sharp's binaries) and Next. Each external is a direct
 * dependency of this package, so `node dist/main.js` resolves it from apps/worker/node_modules.
 */
/* global console */
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');

/** Kept as `import`s resolved at run time (see above). */
export const EXTERNAL = [
  'pg',
  'pg-native',
  'postgres',
  'graphile-worker',
  'pino',
  'pino-pretty',
  'sharp',
  'next',
  '@aws-sdk/*',
];

const entries = {
  main: path.join(here, 'src/main.ts'),
  'migrate/index': path.join(here, 'src/migrate.ts'),
  'serve-next': path.join(here, '../../tooling/scripts/serve-next.ts'),
};

fs.rmSync(dist, { recursive: true, force: true });
const result = await build({
  entryPoints: entries,
  outdir: dist,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  // No shared chunks: each entry is one file, so a module that resolves files from its own URL
  // (the mail folder, the migrations) sees the entry's location, the same depth as its source.
  sourcemap: 'linked',
  metafile: true,
  external: EXTERNAL,
  logLevel: 'warning',
  // Bundled CommonJS libraries call require(); ESM output has none unless it is given one.
  banner: {
    js: "import { createRequire as __shopCreateRequire } from 'node:module'; const require = __shopCreateRequire(import.meta.url);",
  },
});

// `@shop/db/migrate` reads the migrations from `../drizzle` relative to its own URL, which is
// now dist/migrate/index.js.
fs.cpSync(path.join(here, '../../packages/db/drizzle'), path.join(dist, 'drizzle'), {
  recursive: true,
});

const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
const bytes = outputs.reduce((sum, [, o]) => sum + o.bytes, 0);
console.log(`built ${outputs.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB, in ${dist}`);
