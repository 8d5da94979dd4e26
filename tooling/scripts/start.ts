/**
 * `pnpm start`: the whole shop in production mode on embedded defaults. Starts (or joins)
 * Postgres unless DATABASE_URL is set, migrates, seeds the demo catalog on first start, creates
 * the demo owner, builds the apps (cached by Turborepo), then runs storefront, admin and worker
 * until Ctrl-C, which stops everything, embedded Postgres included.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureDemoOwner } from '@shop/auth';
import { createDb } from '@shop/db/client';
import { createShopEnv, zPort, zSecret } from '@shop/env';
import { dataDir, devCluster, repoRoot } from '@shop/services';
import { isConfigError, prepareDatabase, resolveDatabase } from './lib/database';
import { bold, green, runMain, step } from './lib/log';
import { embeddedSecrets } from './lib/secrets';
import { startStack, type Stack } from './lib/stack';

async function main() {
  const generated = embeddedSecrets();
  const env = createShopEnv(
    {
      REVALIDATE_SECRET: zSecret,
      BETTER_AUTH_SECRET: zSecret,
      STOREFRONT_PORT: zPort(3000),
      ADMIN_PORT: zPort(3001),
    },
    {
      ...generated,
      ...Object.fromEntries(
        ['REVALIDATE_SECRET', 'BETTER_AUTH_SECRET', 'STOREFRONT_PORT', 'ADMIN_PORT']
          .filter((k) => process.env[k])
          .map((k) => [k, process.env[k]]),
      ),
    },
  );

  const database = await resolveDatabase(process.env.DATABASE_URL, devCluster, 'shop');
  let stack: Stack | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    step('Stopping…');
    await stack?.stop();
    await database.release();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    await prepareDatabase(database.url, { seed: true });
    const owner = await demoOwner(database.url, database.embedded);

    if (!process.argv.includes('--no-build')) {
      step('Building storefront and admin (cached after the first build)');
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

    step('Starting storefront, admin and worker');
    stack = await startStack({
      databaseUrl: database.url,
      storefrontPort: env.STOREFRONT_PORT,
      adminPort: env.ADMIN_PORT,
      revalidateSecret: env.REVALIDATE_SECRET,
      authSecret: env.BETTER_AUTH_SECRET,
    });
    console.log('');
    console.log(bold(green('The shop is running.')));
    console.log(`  Storefront  ${stack.storefrontUrl}`);
    console.log(`  Admin       ${stack.adminUrl}`);
    if (owner) console.log(`  Sign in as  ${owner.email}  /  ${owner.password}`);
    console.log(
      `  Database    ${database.embedded ? 'embedded Postgres (.data/pg)' : 'DATABASE_URL'}`,
    );
    console.log('Press Ctrl-C to stop.');
    const exited = await Promise.race(
      stack.processes.map((p) => p.exited.then((code) => ({ p, code }))),
    );
    if (!stopping) {
      console.error(`${exited.p.name} exited with code ${exited.code}; stopping the shop.`);
      await shutdown(1);
    }
  } catch (err) {
    await stack?.stop();
    await database.release();
    throw err;
  }
}

/**
 * In embedded mode a demo owner is created on first start; its credentials are kept in
 * `.data/demo-owner.json` and printed at every start until you delete the file.
 */
async function demoOwner(
  url: string,
  embedded: boolean,
): Promise<{ email: string; password: string } | null> {
  const file = path.join(dataDir, 'demo-owner.json');
  const db = createDb(url, 2);
  try {
    const result = await ensureDemoOwner(db);
    if (result.created) {
      if (embedded) {
        fs.mkdirSync(dataDir, { recursive: true });
        fs.writeFileSync(
          file,
          JSON.stringify({ email: result.email, password: result.password }, null, 2),
          { mode: 0o600 },
        );
      }
      return { email: result.email, password: result.password };
    }
  } finally {
    await db.$client.end();
  }
  if (!embedded || !fs.existsSync(file)) return null;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as { email: string; password: string };
}

runMain(main, isConfigError);
