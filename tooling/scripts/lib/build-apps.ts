import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@shop/services';

/**
 * Builds the storefront and admin for `next start` through Turborepo (restored from its cache
 * when nothing changed). `freshStorefrontCache` first removes the storefront's `.next`, so pages
 * cached by an earlier run against another database cannot leak into this one.
 */
export function buildApps(options: { freshStorefrontCache?: boolean } = {}): void {
  if (options.freshStorefrontCache)
    fs.rmSync(path.join(repoRoot, 'apps/storefront/.next'), { recursive: true, force: true });
  execFileSync(
    'pnpm',
    [
      'exec',
      'turbo',
      'run',
      'build',
      '--filter=@shop/storefront',
      '--filter=@shop/admin',
      '--output-logs=errors-only',
    ],
    {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    },
  );
}
