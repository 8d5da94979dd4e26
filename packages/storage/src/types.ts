import type { Readable } from 'node:stream';

/**
 * Where the shop keeps files it was given (product images today): a flat namespace of keys, each
 * holding bytes and their content type. Adapters live one folder each (`local/`, `s3/`); the
 * contract suite (`contract.test.ts`) holds every one of them to the same behaviour.
 */
export interface Storage {
  /** Stores `body` under `key`, replacing what was there; readers see the old or the new bytes, never a part. */
  put(key: string, body: Buffer | Readable, options: { contentType: string }): Promise<void>;
  /** The object's bytes and content type, or null when nothing is stored under `key`. */
  get(key: string): Promise<StoredObject | null>;
  /** Removes the object; removing a key that holds nothing is not an error (deletes are retried). */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** A public address for the object when the backend serves it itself; absent: serve it through the app. */
  url?(key: string): string;
  /** Says where files go, for the start-up log line (no credentials). */
  describe: string;
}

export interface StoredObject {
  body: Readable;
  contentType: string;
  /** Bytes, when the backend knows it before streaming. */
  size: number | null;
}

/** A key that is not a storage key (see `assertStorageKey`): the caller's mistake, never retried. */
export class StorageKeyError extends Error {
  constructor(key: string) {
    super(
      `${JSON.stringify(key.slice(0, 80))} is not a storage key: use segments of letters, digits, dots, hyphens and underscores separated by single slashes, without "." or ".." segments.`,
    );
    this.name = 'StorageKeyError';
  }
}

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/**
 * Every driver checks keys with this before touching anything, so no key can leave the storage
 * root of the disk driver (no `..`, no leading slash, no backslash, no NUL) and every key means
 * the same object on disk and in S3. At most 512 characters and 16 segments.
 */
export function assertStorageKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > 512)
    throw new StorageKeyError(String(key));
  const segments = key.split('/');
  if (segments.length > 16) throw new StorageKeyError(key);
  for (const segment of segments) {
    if (!SEGMENT.test(segment) || segment === '.' || segment === '..')
      throw new StorageKeyError(key);
  }
}

/** Whether `key` passes `assertStorageKey` (routes answer 404 for the others). */
export function isStorageKey(key: string): boolean {
  try {
    assertStorageKey(key);
    return true;
  } catch {
    return false;
  }
}
