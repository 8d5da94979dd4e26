/**
 * The app images' entry point: `node next-entry.mjs --dir apps/storefront`.
 *
 * It runs the launcher (tooling/scripts/serve-next.ts, compiled to serve-next.js by
 * apps/worker/build.mjs: Next behind the server that decides the client's address) on a
 * standalone build. A standalone build has no next.config.ts; Next reads the configuration it
 * was built with from __NEXT_PRIVATE_STANDALONE_CONFIG, which the generated server.js sets from
 * `.next/required-server-files.json`. This file does the same, then hands over to the launcher
 * as if it had been started directly (the launcher runs only as the process's main script).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const index = process.argv.indexOf('--dir');
const dir = path.resolve(index >= 0 ? (process.argv[index + 1] ?? '.') : '.');
const files = JSON.parse(
  fs.readFileSync(path.join(dir, '.next/required-server-files.json'), 'utf8'),
);
process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(files.config);
const launcher = fileURLToPath(new URL('./serve-next.js', import.meta.url));
process.argv[1] = launcher;
await import(launcher);
