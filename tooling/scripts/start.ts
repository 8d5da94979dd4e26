/**
 * `pnpm start`: the whole shop in production mode on embedded defaults. Starts (or joins)
 * Postgres unless DATABASE_URL is set, migrates, seeds the demo catalog on first start, creates
 * the demo owner, builds the apps (cached by Turborepo), starts Redis behind its REST bridge when
 * redis-server is installed (the apps' shared cache), then runs storefront, admin and worker
 * under supervision (a crashed process is restarted with backoff; the others keep serving) until
 * Ctrl-C, which stops everything, embedded Postgres included.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ensureDemoOwner } from '@shop/auth';
import { createDb } from '@shop/db/client';
import { createShopEnv, zHttpUrl, zPort, zSecret } from '@shop/env';
import { redactUrl } from '@shop/db/client';
import {
  dataDir,
  devCluster,
  devRedis,
  edgeAvailable,
  repoRoot,
  startEdge,
  startRedisWithBridge,
  type RedisWithBridge,
  type RunningEdge,
} from '@shop/services';
import { appAddress } from './lib/app-address';
import { buildApps } from './lib/build-apps';
import { isConfigError, prepareDatabase, resolveDatabase } from './lib/database';
import { bold, dim, green, red, runMain, step } from './lib/log';
import { embeddedSecrets } from './lib/secrets';
import { startStack, type Stack } from './lib/stack';

const VARIABLES = [
  'REVALIDATE_SECRET',
  'BETTER_AUTH_SECRET',
  'STOREFRONT_PORT',
  'ADMIN_PORT',
  'STOREFRONT_URL',
  'ADMIN_URL',
  'EDGE_PORT',
] as const;

async function main() {
  const generated = embeddedSecrets();
  const given = Object.fromEntries(
    VARIABLES.filter((k) => process.env[k]).map((k) => [k, process.env[k]]),
  );
  const env = createShopEnv(
    {
      REVALIDATE_SECRET: zSecret,
      BETTER_AUTH_SECRET: zSecret,
      STOREFRONT_PORT: zPort(3000),
      ADMIN_PORT: zPort(3001),
      STOREFRONT_URL: zHttpUrl('http://localhost:3000'),
      ADMIN_URL: zHttpUrl('http://localhost:3001'),
      EDGE_PORT: zPort(8080),
    },
    { ...generated, ...given },
  );
  // A variable that was not set takes its value from the other one of its pair (see app-address).
  const storefront = appAddress({
    port: given.STOREFRONT_PORT ? env.STOREFRONT_PORT : undefined,
    url: given.STOREFRONT_URL ? env.STOREFRONT_URL : undefined,
    defaultPort: 3000,
  });
  const admin = appAddress({
    port: given.ADMIN_PORT ? env.ADMIN_PORT : undefined,
    url: given.ADMIN_URL ? env.ADMIN_URL : undefined,
    defaultPort: 3001,
  });

  const database = await resolveDatabase(process.env.DATABASE_URL, devCluster, 'shop');
  let stack: Stack | undefined;
  let redis: RedisWithBridge | null = null;
  let edge: RunningEdge | undefined;
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    step('Stopping…');
    await stack?.stop();
    await edge?.stop();
    await redis?.stop();
    await database.release();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());

  try {
    await prepareDatabase(database.url, { seed: true });
    const owner = await demoOwner(database.url);

    if (!process.argv.includes('--no-build')) {
      step('Building storefront and admin (cached after the first build)');
      buildApps();
    }

    // Redis behind its REST bridge when redis-server is installed, unless the environment names
    // a Redis of its own; without either the apps use their in-process cache.
    if (!process.env.UPSTASH_REDIS_REST_URL) redis = await startRedisWithBridge(devRedis);

    // The edge (Varnish, docs/deploy.md) in front of the storefront when varnishd is installed,
    // on EDGE_PORT (default 8080, as in docker/compose.yaml), unless `--no-edge`; the worker
    // purges it after a change. Started first, so the worker knows whether it is there.
    if (edgeAvailable() && !process.argv.includes('--no-edge')) {
      step('Starting the edge (Varnish)');
      // An edge that cannot start (its port taken) leaves the shop served without it.
      edge = await startEdge({
        port: env.EDGE_PORT,
        pages: [`http://localhost:${storefront.port}`],
      }).catch((err: unknown) => {
        console.error(`${red('!')} the edge did not start, serving without it: ${String(err)}`);
        return undefined;
      });
    }

    step('Starting storefront, admin and worker');
    stack = await startStack({
      databaseUrl: database.url,
      storefrontPort: storefront.port,
      adminPort: admin.port,
      storefrontUrl: storefront.url,
      adminUrl: admin.url,
      revalidateSecret: env.REVALIDATE_SECRET,
      authSecret: env.BETTER_AUTH_SECRET,
      env: {
        ...(redis
          ? { UPSTASH_REDIS_REST_URL: redis.url, UPSTASH_REDIS_REST_TOKEN: redis.token }
          : {}),
        ...(edge ? { EDGE_PURGE_URL: edge.url } : {}),
      },
      log: (m) => console.error(`${red('!')} ${dim('[supervisor]')} ${m}`),
    });
    console.log('');
    console.log(bold(green('The shop is running.')));
    if (edge) console.log(`  Shop        ${edge.url}  ${dim('(through the edge, Varnish)')}`);
    console.log(
      `  Storefront  ${stack.storefrontUrl}${listensOn(stack.storefrontUrl, storefront.port)}`,
    );
    console.log(`  Admin       ${stack.adminUrl}${listensOn(stack.adminUrl, admin.port)}`);
    if (owner) {
      console.log(`  Sign in as  ${owner.email}  /  ${owner.password}`);
      console.log(`              ${dim(`(kept in ${path.relative(repoRoot, ownerFile)})`)}`);
    }
    console.log(
      `  Database    ${database.embedded ? 'embedded Postgres (.data/pg)' : 'DATABASE_URL'}`,
    );
    console.log(
      `  Cache       ${
        process.env.UPSTASH_REDIS_REST_URL
          ? 'Redis at UPSTASH_REDIS_REST_URL'
          : redis
            ? `Redis (.data/redis) through its REST bridge at ${redis.url}`
            : 'in-process (install redis-server to share it through Redis)'
      }`,
    );
    console.log('A process that crashes is restarted; press Ctrl-C to stop everything.');
  } catch (err) {
    await stack?.stop();
    await edge?.stop();
    await redis?.stop();
    await database.release();
    throw err;
  }
}

/** ` (listening on :3000)` when the public URL is not simply localhost on that port. */
function listensOn(url: string, port: number): string {
  return url === `http://localhost:${port}` ? '' : dim(` (listening on :${port})`);
}

const ownerFile = path.join(dataDir, 'demo-owner.json');

interface DemoOwner {
  email: string;
  password: string;
  /** The database it was created in (password redacted); absent in files from older starts. */
  database?: string;
}

/**
 * A demo owner is created on the first start against a database without staff, whichever
 * database that is (embedded or DATABASE_URL). Its credentials are kept in
 * `.data/demo-owner.json` and printed at every start while the file exists and names this
 * database; delete the file once you have changed the password.
 */
async function demoOwner(url: string): Promise<DemoOwner | null> {
  const database = redactUrl(url);
  const db = createDb(url, 2);
  try {
    const result = await ensureDemoOwner(db);
    if (result.created) {
      const owner: DemoOwner = { email: result.email, password: result.password, database };
      fs.mkdirSync(dataDir, { recursive: true });
      fs.writeFileSync(ownerFile, `${JSON.stringify(owner, null, 2)}\n`, { mode: 0o600 });
      return owner;
    }
  } finally {
    await db.$client.end();
  }
  try {
    const kept = JSON.parse(fs.readFileSync(ownerFile, 'utf8')) as DemoOwner;
    return kept.database === undefined || kept.database === database ? kept : null;
  } catch {
    return null;
  }
}

runMain(main, isConfigError);
