import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStorageEnv } from './env';
import { createStorage } from './index';

describe('storage env', () => {
  it('defaults to files under the repo’s .data/storage, whatever folder the process runs in', () => {
    const env = readStorageEnv({});
    expect(env.STORAGE_DIR).toMatch(new RegExp(`${path.sep}\\.data${path.sep}storage$`));
    expect(env.S3_BUCKET).toBeUndefined();
    expect(createStorage(env).describe).toBe(`files in ${env.STORAGE_DIR}`);
  });

  it('selects the S3 driver when S3_BUCKET is set', () => {
    const env = readStorageEnv({
      S3_BUCKET: 'shop-media',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'key',
      S3_SECRET_ACCESS_KEY: 'secret',
    });
    expect(env).toMatchObject({ S3_FORCE_PATH_STYLE: true, S3_REGION: 'us-east-1' });
    expect(createStorage(env).describe).toBe('S3 bucket shop-media at 127.0.0.1:9000');
  });

  it('names each bad variable in one sentence', () => {
    expect(() => readStorageEnv({ S3_BUCKET: 'Not_A_Bucket' })).toThrow(/S3_BUCKET.*bucket name/);
    expect(() => readStorageEnv({ S3_ENDPOINT: 'ftp://x' })).toThrow(/S3_ENDPOINT/);
    expect(() => readStorageEnv({ S3_FORCE_PATH_STYLE: 'yes' })).toThrow(
      /S3_FORCE_PATH_STYLE.*true or false/,
    );
    expect(() =>
      readStorageEnv({ S3_BUCKET: 'shop-media', S3_ACCESS_KEY_ID: 'only-the-id' }),
    ).toThrow('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together');
  });
});
