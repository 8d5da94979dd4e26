import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { S3StorageOptions } from '../s3/s3-storage';

export interface LocalS3 {
  /** What `createS3Storage` needs to reach the bucket (path-style, s3rver's fixed credentials). */
  options: S3StorageOptions;
  close(): Promise<void>;
}

/**
 * An S3-compatible server in this process (s3rver) on a random port of 127.0.0.1, over a
 * temporary folder that `close` removes, with one empty bucket: the S3 driver's tests run against
 * it without a network or an account.
 */
export async function startLocalS3(bucket = 'shop-test'): Promise<LocalS3> {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'shop-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  return {
    options: {
      bucket,
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    },
    async close() {
      await server.close();
      await fs.rm(directory, { recursive: true, force: true });
    },
  };
}
