import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dataDir } from '@shop/services';

/**
 * Secrets for embedded mode, generated once per checkout and kept in `.data/secrets.json`, so
 * sessions survive restarts without anyone having to invent a secret. Set the variables
 * yourself in a real deployment.
 */
export function embeddedSecrets(): { REVALIDATE_SECRET: string; BETTER_AUTH_SECRET: string } {
  const file = path.join(dataDir, 'secrets.json');
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    if (
      typeof parsed.REVALIDATE_SECRET === 'string' &&
      typeof parsed.BETTER_AUTH_SECRET === 'string'
    ) {
      return {
        REVALIDATE_SECRET: parsed.REVALIDATE_SECRET,
        BETTER_AUTH_SECRET: parsed.BETTER_AUTH_SECRET,
      };
    }
  } catch {
    // first start: generate below
  }
  const secrets = {
    REVALIDATE_SECRET: randomBytes(32).toString('hex'),
    BETTER_AUTH_SECRET: randomBytes(32).toString('hex'),
  };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
