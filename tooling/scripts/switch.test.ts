import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `pnpm shop:switch`'s script with these arguments; it must refuse them before any database. */
function runSwitch(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'tooling/scripts/switch.ts', ...args], {
    cwd: repoRoot,
    // Unreachable on purpose: a refusal never gets as far as the database.
    env: { ...process.env, DATABASE_URL: 'postgres://shop:shop@127.0.0.1:1/shop', NO_COLOR: '1' },
    encoding: 'utf8',
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('pnpm shop:switch', () => {
  it.each([
    [[], 'Usage: pnpm shop:switch <related_products> [on|off]'],
    [['related_products', 'on', 'now'], 'Usage: pnpm shop:switch <related_products> [on|off]'],
    [['nope', 'on'], 'Unknown switch "nope"; the switches are: related_products.'],
    [['related_products', 'maybe'], 'A switch is turned "on" or "off", not "maybe".'],
  ])('refuses %j with one sentence and exit 1', (args, sentence) => {
    const { code, out } = runSwitch(args);
    expect(code).toBe(1);
    expect(out).toContain(sentence);
    expect(out).not.toMatch(/^\s+at /m);
  });
});
