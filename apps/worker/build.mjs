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
 * transports, graphile-worker's migrations, sharp's binaries) and Next. Each external the bundles
 * import is a direct dependency of this package (the build checks it), so `node dist/main.js`
 * resolves it from apps/worker/node_modules.
 *
 * `node build.mjs --runtime <dir>` also writes what the worker image ships: dist/ and a
 * node_modules holding only those packages and their dependencies, copied from this workspace's
 * install (the lockfile's versions), not the 500 MB a `pnpm deploy` of the package brings.
 */
/* global console, process */
import { build } from 'esbuild';
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');

/** Kept as `import`s resolved at run time (see above). */
const EXTERNAL = [
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

/**
 * Peers pnpm links beside a package that nothing loads at run time: type declarations, and
 * TypeScript (graphile-worker's optional peer, for `.ts` preset files this worker does not have).
 */
const BUILD_ONLY = /^(typescript|@types\/.*)$/;

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

/** The bare package name of an import path (`pg`, `@aws-sdk/client-s3`), or null for a builtin. */
function packageName(specifier) {
  if (specifier.startsWith('node:')) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return isBuiltin(name) ? null : name;
}

const manifest = JSON.parse(fs.readFileSync(path.join(here, 'package.json'), 'utf8'));
const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
/** Every package the bundles import at run time. */
const runtimePackages = new Set(
  outputs.flatMap(([, output]) =>
    output.imports.filter((i) => i.external).flatMap((i) => packageName(i.path) ?? []),
  ),
);
const undeclared = [...runtimePackages].filter((name) => !manifest.dependencies?.[name]);
if (undeclared.length > 0) {
  throw new Error(
    `The bundles import ${undeclared.join(', ')} at run time; add ${undeclared.length === 1 ? 'it' : 'them'} to apps/worker/package.json's dependencies.`,
  );
}
const bytes = outputs.reduce((sum, [, o]) => sum + o.bytes, 0);
console.log(
  `built ${outputs.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB, in ${dist}; run-time packages: ${[...runtimePackages].sort().join(', ')}`,
);

const runtimeIndex = process.argv.indexOf('--runtime');
if (runtimeIndex >= 0) {
  const out = path.resolve(process.argv[runtimeIndex + 1] ?? '');
  writeRuntime(out, [...runtimePackages]);
  console.log(`wrote the worker's run-time files to ${out}`);
}

/**
 * `<out>/dist` and `<out>/node_modules` with `names` and everything they depend on. pnpm keeps
 * each package at `node_modules/.pnpm/<id>/node_modules/<name>` with its own dependencies as
 * symlinks beside it, so the closure is the set of `.pnpm/<id>` folders reached through them;
 * those are copied as they are (relative symlinks kept) and `names` linked at the top.
 */
function writeRuntime(out, names) {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(path.join(out, 'node_modules/.pnpm'), { recursive: true });
  fs.cpSync(dist, path.join(out, 'dist'), { recursive: true });
  const entries = new Set();
  const visit = (packageDir) => {
    const marker = `${path.sep}.pnpm${path.sep}`;
    const at = packageDir.lastIndexOf(marker);
    if (at < 0) throw new Error(`${packageDir} is not in pnpm's store layout`);
    const entry = packageDir.slice(0, packageDir.indexOf(path.sep, at + marker.length));
    if (entries.has(entry)) return;
    entries.add(entry);
    const modules = path.join(entry, 'node_modules');
    for (const name of fs.readdirSync(modules)) {
      const scoped = name.startsWith('@') ? fs.readdirSync(path.join(modules, name)) : [null];
      for (const inner of scoped) {
        const link = inner ? path.join(modules, name, inner) : path.join(modules, name);
        const dependency = inner ? `${name}/${inner}` : name;
        const target = fs.realpathSync(link);
        if (!BUILD_ONLY.test(dependency) && !target.startsWith(entry + path.sep)) visit(target);
      }
    }
  };
  for (const name of names) visit(fs.realpathSync(path.join(here, 'node_modules', name)));
  for (const entry of entries) {
    fs.cpSync(entry, path.join(out, 'node_modules/.pnpm', path.basename(entry)), {
      recursive: true,
      verbatimSymlinks: true,
    });
  }
  for (const name of names) {
    const target = fs.realpathSync(path.join(here, 'node_modules', name));
    const entry = [...entries].find((e) => target.startsWith(e + path.sep));
    const link = path.join(out, 'node_modules', name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(
      path.relative(
        path.dirname(link),
        path.join(out, 'node_modules/.pnpm', path.relative(path.dirname(entry), target)),
      ),
      link,
    );
  }
}
