import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, createShopEnv } from '@shop/env';
import { z } from 'zod';

/**
 * The storage configuration. Nothing set: files on disk under `STORAGE_DIR` (`<repo>/.data/storage`
 * by default, shared by the admin, which writes, and the storefront, which serves). `S3_BUCKET`
 * set selects an S3-compatible bucket, and then `S3_ACCESS_KEY_ID` and `S3_SECRET_ACCESS_KEY`
 * come together or not at all (absent: the SDK's own chain, e.g. an instance role).
 */
// A type, not an interface: fragments must be assignable to `Record<string, unknown>`.
export type StorageEnv = {
  STORAGE_DIR: string;
  S3_BUCKET?: string;
  S3_ENDPOINT?: string;
  S3_REGION: string;
  S3_ACCESS_KEY_ID?: string;
  S3_SECRET_ACCESS_KEY?: string;
  S3_FORCE_PATH_STYLE: boolean;
};

export function readStorageEnv(
  source: Record<string, string | undefined> = process.env,
): StorageEnv {
  const env = createShopEnv(
    {
      STORAGE_DIR: z.string().optional(),
      S3_BUCKET: z
        .string()
        .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
          message: 'must be a bucket name: 3 to 63 lower-case letters, digits, dots and hyphens',
        })
        .optional(),
      S3_ENDPOINT: z
        .url({ protocol: /^https?$/, message: 'must be an http:// or https:// address' })
        .optional(),
      S3_REGION: z
        .string()
        .regex(/^[a-z0-9-]+$/, { message: 'must be a region name such as eu-west-1 or auto' })
        .default('us-east-1'),
      S3_ACCESS_KEY_ID: z.string().optional(),
      S3_SECRET_ACCESS_KEY: z.string().optional(),
      S3_FORCE_PATH_STYLE: z
        .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
        .default('false')
        .transform((v) => v === 'true' || v === '1'),
    },
    source,
  );
  if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
    throw new ConfigError(
      'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together (or neither, to use the SDK credential chain).',
    );
  }
  return {
    ...env,
    STORAGE_DIR: path.resolve(
      env.STORAGE_DIR ?? path.join(findRepoRoot(process.cwd()), '.data', 'storage'),
    ),
  };
}

/**
 * The folder holding `pnpm-workspace.yaml` above `from` (the apps run from their own folders, the
 * worker and scripts from others; all must find one `.data/storage`), else `from` itself.
 */
function findRepoRoot(from: string): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from);
  }
}
