import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@shop/services';

/**
 * `.ci/run` installs what a bare machine lacks and then runs exactly the README's test command:
 * CI tests what a new user runs, nothing more and nothing less.
 */
describe('CI runs the README test command', () => {
  it('ends with the same command the README gives for running every test', () => {
    const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```sh\n([^`]*?)```/g)].map((m) => (m[1] ?? '').trim());
    const testCommand = blocks.find((b) => /\bpnpm test\b/.test(b));
    expect(testCommand).toBe('pnpm install && pnpm test');

    const ci = fs.readFileSync(path.join(repoRoot, '.ci/run'), 'utf8');
    const lastCommand = ci
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'))
      .at(-1);
    expect(lastCommand).toBe(testCommand);
  });
});
