import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Managed } from '@shop/scripts/lib/processes';
import { repoRoot } from '@shop/services';
import { defer } from './cleanup';
import { startService } from './processes';

export const workerDir = path.join(repoRoot, 'apps/worker');

/** Resolves when the worker logs its `ready` line (pino JSON on stdout); rejects if it exits. */
export function workerReady(child: Managed, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the worker was not ready within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    child.child.stdout?.on('data', (chunk: Buffer) => {
      if (/"msg":"ready"/.test(chunk.toString())) {
        clearTimeout(timer);
        resolve();
      }
    });
    void child.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the worker exited with code ${code} before it was ready`));
    });
  });
}

/** A folder for the worker's mail files (it writes .eml files when no SMTP_URL is set), removed at the end. */
export async function workerMailDir(): Promise<string> {
  const mailDir = await mkdtemp(path.join(tmpdir(), 'shop-bench-mail-'));
  defer('remove the mail folder', () => rm(mailDir, { recursive: true, force: true }));
  return mailDir;
}

/**
 * The worker as `pnpm start`'s supervisor runs it (`node --import tsx src/main.ts`), in
 * production mode with `env` (DATABASE_URL, REVALIDATE_SECRET, STOREFRONT_URLS …); resolves once
 * it is ready. Stopped by the runner's cleanups.
 */
export async function startWorker(env: Record<string, string>): Promise<Managed> {
  const proc = startService('worker', process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: workerDir,
    env: { NODE_ENV: 'production', MAIL_DIR: await workerMailDir(), ...env },
  });
  await workerReady(proc, 60_000);
  return proc;
}
