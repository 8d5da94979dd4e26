import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/**
 * `name` on PATH or in one of `extraDirs` (where Debian installs daemons that are not on a
 * user's PATH, e.g. /usr/sbin), or null when it is not installed.
 */
export function findExecutable(name: string, extraDirs: readonly string[]): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(path.delimiter), ...extraDirs]) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}
