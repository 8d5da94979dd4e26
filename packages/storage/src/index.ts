import { createLocalStorage } from './local/local-storage';
import { createS3Storage } from './s3/s3-storage';
import type { StorageEnv } from './env';
import type { Storage } from './types';

export { createLocalStorage } from './local/local-storage';
export { createS3Storage, type S3StorageOptions } from './s3/s3-storage';
export {
  assertStorageKey,
  isStorageKey,
  StorageKeyError,
  type Storage,
  type StoredObject,
} from './types';

/** The driver the env selects: an S3-compatible bucket when `S3_BUCKET` is set, else the disk. */
export function createStorage(env: StorageEnv): Storage {
  if (env.S3_BUCKET) {
    return createS3Storage({
      bucket: env.S3_BUCKET,
      region: env.S3_REGION,
      endpoint: env.S3_ENDPOINT,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
    });
  }
  return createLocalStorage({ root: env.STORAGE_DIR });
}
