import path from 'node:path';
import { repoRoot } from '@shop/services';
import { startProcess, supervise, waitForHttp, type Supervised } from './processes';

export interface StackOptions {
  databaseUrl: string;
  storefrontPort: number;
  adminPort: number;
  revalidateSecret: string;
  authSecret: string;
  /**
   * Public URLs: what the worker calls and auth callbacks name. Default
   * `http://localhost:<port>`; the apps still listen on the ports above.
   */
  storefrontUrl?: string;
  adminUrl?: string;
  quiet?: boolean;
  /** Where the supervisor reports crashes and restarts (stderr by default). */
  log?: (message: string) => void;
  /** More environment for all three processes (e.g. short reservations in tests). */
  env?: Record<string, string>;
}

export interface Stack {
  storefrontUrl: string;
  adminUrl: string;
  /** Storefront, admin and worker, each restarted with backoff when it crashes. */
  services: Supervised[];
  /** Stops supervising and stops every process. */
  stop(): Promise<void>;
}

/** A built app under `serve-next.ts` (`next start` plus the client identity; see that file). */
function serveNext(app: string): string[] {
  return ['--import', 'tsx', 'serve-next.ts', '--dir', path.join(repoRoot, 'apps', app)];
}

/**
 * Runs the built storefront and admin (production mode, under `serve-next.ts`) and the worker,
 * all on one database, under supervision: a process that crashes is restarted with backoff while the
 * others keep serving (see `supervise`). The apps must have been built (`turbo run build`).
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const storefrontUrl = options.storefrontUrl ?? `http://localhost:${options.storefrontPort}`;
  const adminUrl = options.adminUrl ?? `http://localhost:${options.adminPort}`;
  const env = {
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_URL: options.databaseUrl,
    REVALIDATE_SECRET: options.revalidateSecret,
    BETTER_AUTH_SECRET: options.authSecret,
    STOREFRONT_URL: storefrontUrl,
    // The worker revalidates every replica in STOREFRONT_URLS, by default STOREFRONT_URL alone:
    // a deployment sets it in the environment, a test running more storefronts in `options.env`.
    ADMIN_URL: adminUrl,
    ...options.env,
  };
  const quiet = options.quiet;
  // One place per process where its command line is built; supervision calls it again on a crash.
  const spawnStorefront = () =>
    startProcess(
      'storefront',
      process.execPath,
      [...serveNext('storefront'), '--port', String(options.storefrontPort)],
      { cwd: path.join(repoRoot, 'tooling/scripts'), env, quiet },
    );
  const spawnAdmin = () =>
    startProcess(
      'admin',
      process.execPath,
      [...serveNext('admin'), '--port', String(options.adminPort)],
      {
        cwd: path.join(repoRoot, 'tooling/scripts'),
        env,
        quiet,
      },
    );
  const spawnWorker = () =>
    startProcess('worker', process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: path.join(repoRoot, 'apps/worker'),
      env,
      quiet,
    });
  const log = options.log;
  const storefront = supervise('storefront', spawnStorefront, { log });
  const admin = supervise('admin', spawnAdmin, { log });
  const worker = supervise('worker', spawnWorker, { log });
  const services = [storefront, admin, worker];
  const stop = async () => {
    await Promise.all(services.map((s) => s.stop()));
  };
  try {
    // Readiness on the local ports (the public URLs may point at a proxy in front).
    await Promise.all([
      waitForHttp(`http://localhost:${options.storefrontPort}/`, storefront.current()),
      waitForHttp(`http://localhost:${options.adminPort}/sign-in`, admin.current()),
    ]);
  } catch (err) {
    await stop();
    throw err;
  }
  return { storefrontUrl, adminUrl, services, stop };
}
