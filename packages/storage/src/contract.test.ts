import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalStorage } from './local/local-storage';
import { createS3Storage } from './s3/s3-storage';
import { startLocalS3, type LocalS3 } from './testing/local-s3';
import { StorageKeyError, type Storage, type StoredObject } from './types';

/**
 * The behaviour every storage driver owes its callers, run against the disk driver (a temporary
 * folder) and the S3 driver (s3rver in this process, random port).
 */
let s3: LocalS3;
let dir: string;

beforeAll(async () => {
  s3 = await startLocalS3();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'shop-storage-'));
});
afterAll(async () => {
  await s3.close();
  await fs.rm(dir, { recursive: true, force: true });
});

const drivers: Array<{ name: string; create: () => Storage }> = [
  { name: 'local disk', create: () => createLocalStorage({ root: dir }) },
  { name: 's3 (s3rver)', create: () => createS3Storage(s3.options) },
];

function present(got: StoredObject | null): StoredObject {
  if (!got) throw new Error('expected an object, storage answered null');
  return got;
}

const HOSTILE_KEYS = [
  '',
  '../escape',
  'a/../../escape',
  '/etc/passwd',
  'a//b',
  'a/./b',
  'a/',
  '.hidden',
  'a\\..\\b',
  'a\0b',
  'a b',
  'ü',
  'x'.repeat(513),
];

describe.each(drivers)('storage contract: $name', ({ create }) => {
  it('gives back the bytes and content type that were put, from a buffer or a stream', async () => {
    const storage = create();
    const bytes = Buffer.from([0, 1, 2, 250, 255, 10, 13]);
    await storage.put('contract/buffer.bin', bytes, { contentType: 'application/x-test' });
    const got = await storage.get('contract/buffer.bin');
    expect(got?.contentType).toBe('application/x-test');
    expect(got?.size).toBe(bytes.length);
    expect(Buffer.concat(await present(got).body.toArray())).toEqual(bytes);

    await storage.put('contract/stream.txt', Readable.from(['hello ', 'stream']), {
      contentType: 'text/plain',
    });
    const streamed = await storage.get('contract/stream.txt');
    expect(await text(present(streamed).body)).toBe('hello stream');
  });

  it('answers null and false for a key that holds nothing, including a prefix of other keys', async () => {
    const storage = create();
    await storage.put('contract/prefix/inner', Buffer.from('x'), { contentType: 'text/plain' });
    expect(await storage.get('contract/nothing-here')).toBeNull();
    expect(await storage.exists('contract/nothing-here')).toBe(false);
    expect(await storage.get('contract/prefix')).toBeNull();
    expect(await storage.exists('contract/prefix')).toBe(false);
    expect(await storage.exists('contract/prefix/inner')).toBe(true);
  });

  it('replaces an object put twice under one key', async () => {
    const storage = create();
    await storage.put('contract/twice', Buffer.from('first'), { contentType: 'text/plain' });
    await storage.put('contract/twice', Buffer.from('second, longer'), { contentType: 'text/csv' });
    const got = await storage.get('contract/twice');
    expect(got?.contentType).toBe('text/csv');
    expect(await text(present(got).body)).toBe('second, longer');
  });

  it('deletes, and deleting again or deleting nothing is not an error', async () => {
    const storage = create();
    await storage.put('contract/gone', Buffer.from('x'), { contentType: 'text/plain' });
    await storage.delete('contract/gone');
    expect(await storage.exists('contract/gone')).toBe(false);
    expect(await storage.get('contract/gone')).toBeNull();
    await expect(storage.delete('contract/gone')).resolves.toBeUndefined();
    await expect(storage.delete('contract/never-was')).resolves.toBeUndefined();
  });

  it('keeps concurrent puts of different keys apart', async () => {
    const storage = create();
    const keys = Array.from({ length: 8 }, (_, i) => `contract/concurrent/${i}`);
    await Promise.all(
      keys.map((k) => storage.put(k, Buffer.from(k), { contentType: 'text/plain' })),
    );
    for (const k of keys) expect(await text(present(await storage.get(k)).body)).toBe(k);
  });

  it('refuses keys that could leave the storage root or mean different things per driver, touching nothing', async () => {
    const storage = create();
    for (const key of HOSTILE_KEYS) {
      await expect(
        storage.put(key, Buffer.from('x'), { contentType: 'text/plain' }),
      ).rejects.toBeInstanceOf(StorageKeyError);
      await expect(storage.get(key)).rejects.toBeInstanceOf(StorageKeyError);
      await expect(storage.exists(key)).rejects.toBeInstanceOf(StorageKeyError);
      await expect(storage.delete(key)).rejects.toBeInstanceOf(StorageKeyError);
    }
  });
});

describe('local disk driver', () => {
  it('writes nothing outside its root for a traversal key, and leaves no temporary file after a put', async () => {
    const root = path.join(dir, 'inner-root');
    const storage = createLocalStorage({ root });
    await expect(
      storage.put('../outside', Buffer.from('x'), { contentType: 'text/plain' }),
    ).rejects.toThrow(StorageKeyError);
    await expect(fs.stat(path.join(dir, 'outside'))).rejects.toThrow(/ENOENT/);
    await storage.put('a/b', Buffer.from('x'), { contentType: 'text/plain' });
    expect((await fs.readdir(path.join(root, 'a'))).sort()).toEqual(['b', 'b.type']);
  });

  it('a stream that fails mid-put leaves the old object whole and no temporary file', async () => {
    const root = path.join(dir, 'failing');
    const storage = createLocalStorage({ root });
    await storage.put('k', Buffer.from('old'), { contentType: 'text/plain' });
    const failing = new Readable({
      read() {
        this.push('partial');
        this.destroy(new Error('client went away'));
      },
    });
    await expect(storage.put('k', failing, { contentType: 'text/plain' })).rejects.toThrow(
      'client went away',
    );
    expect(await text(present(await storage.get('k')).body)).toBe('old');
    expect((await fs.readdir(root)).sort()).toEqual(['k', 'k.type']);
  });
});
