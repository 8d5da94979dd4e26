import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertStorageKey, type Storage } from '../types';

/** The content type is kept beside the bytes, in `<file>.type` (a few bytes of text). */
const TYPE_SUFFIX = '.type';

/**
 * Files on the local disk under `root` (embedded mode: `<repo>/.data/storage`). Keys are checked
 * by `assertStorageKey`, so a key cannot name a path outside `root`; and the resolved path is
 * checked against `root` once more, in case a rule is ever loosened. A put writes a temporary file
 * and renames it over the target, so a reader sees the old bytes or the new, never a half-written
 * file, and a process killed mid-put leaves only a `.tmp-*` file behind.
 */
export function createLocalStorage(options: { root: string }): Storage {
  const root = path.resolve(options.root);
  const fileFor = (key: string): string => {
    assertStorageKey(key);
    const file = path.resolve(root, key);
    if (!file.startsWith(root + path.sep))
      throw new Error(`Storage key ${key} resolves outside the storage root.`);
    return file;
  };

  return {
    describe: `files in ${root}`,
    async put(key, body, { contentType }) {
      const file = fileFor(key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.tmp-${randomUUID()}`;
      try {
        await pipeline(
          Buffer.isBuffer(body) ? Readable.from([body]) : body,
          createWriteStream(tmp),
        );
        await fs.writeFile(`${tmp}${TYPE_SUFFIX}`, contentType);
        // The type first: a reader that finds the new bytes finds their type too.
        await fs.rename(`${tmp}${TYPE_SUFFIX}`, `${file}${TYPE_SUFFIX}`);
        await fs.rename(tmp, file);
      } catch (err) {
        await fs.rm(tmp, { force: true });
        await fs.rm(`${tmp}${TYPE_SUFFIX}`, { force: true });
        throw err;
      }
    },
    async get(key) {
      const file = fileFor(key);
      let handle: fs.FileHandle;
      try {
        handle = await fs.open(file, 'r');
      } catch (err) {
        if (isMissing(err)) return null;
        throw err;
      }
      const stat = await handle.stat();
      if (!stat.isFile()) {
        // A key that is a folder of other keys (`a` when `a/b` exists) holds nothing itself.
        await handle.close();
        return null;
      }
      const contentType = await fs
        .readFile(`${file}${TYPE_SUFFIX}`, 'utf8')
        .catch(() => 'application/octet-stream');
      // Streams from the opened handle: a delete or a replace after this point does not cut it.
      return { body: handle.createReadStream(), contentType, size: stat.size };
    },
    async delete(key) {
      const file = fileFor(key);
      await fs.rm(file, { force: true });
      await fs.rm(`${file}${TYPE_SUFFIX}`, { force: true });
    },
    async exists(key) {
      const file = fileFor(key);
      try {
        return (await fs.stat(file)).isFile();
      } catch (err) {
        if (isMissing(err)) return false;
        throw err;
      }
    },
  };
}

function isMissing(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}
