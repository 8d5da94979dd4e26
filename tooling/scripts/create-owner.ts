/**
 * `pnpm admin:create-owner --email you@example.com [--name "Your Name"]`: creates an owner
 * account for a real deployment (DATABASE_URL) or the embedded database. The password is read
 * from ADMIN_PASSWORD or asked for on the terminal; it is never taken from the command line.
 */
import { createInterface } from 'node:readline/promises';
import { createStaffUser } from '@shop/auth';
import { ConfigError } from '@shop/env';
import { devCluster } from '@shop/services';
import { isConfigError, withMigratedDatabase } from './lib/database';
import { fail, green, runMain } from './lib/log';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

runMain(async () => {
  const email = arg('email');
  if (!email) fail('Usage: pnpm admin:create-owner --email you@example.com [--name "Your Name"]');
  let password = process.env.ADMIN_PASSWORD;
  if (!password) {
    if (!process.stdin.isTTY)
      fail('Set ADMIN_PASSWORD or run this in a terminal to type the password.');
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    password = await rl.question('Password (at least 12 characters): ');
    rl.close();
  }
  const secret = password;
  await withMigratedDatabase(devCluster, 'shop', async (db) => {
    try {
      await createStaffUser(db, {
        email,
        name: arg('name') ?? 'Owner',
        password: secret,
        role: 'owner',
      });
    } catch (err) {
      // createStaffUser's errors are sentences meant for the user (taken email, short password).
      throw new ConfigError(err instanceof Error ? err.message : String(err));
    }
    console.log(green(`Owner ${email} created. Sign in to the admin with it.`));
  });
}, isConfigError);
