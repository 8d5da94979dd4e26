/**
 * `pnpm test`: lint and typecheck (Turborepo, cached), unit and integration tests (Vitest, real
 * Postgres started by the harness), then end-to-end tests (Playwright, real Chromium, the built
 * apps in production mode). Every runner runs even when an earlier one failed; the last line
 * sums them: `N passed, N failed` (`, N skipped` when any were skipped).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { dataDir, repoRoot } from '@shop/services';
import { bold, green, red, step } from './lib/log';

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
const notes: string[] = [];
const resultsDir = path.join(dataDir, 'test-results');
fs.mkdirSync(resultsDir, { recursive: true });

function run(
  title: string,
  command: string,
  args: string[],
  env: Record<string, string> = {},
): number {
  step(title);
  const result = spawnSync(command, args, {
    cwd: repoRoot,
    stdio: 'inherit',
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      FORCE_COLOR: process.env.CI ? '0' : '1',
      ...env,
    },
  });
  return result.status ?? 1;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

// 1. Static checks: each counts as one check.
for (const task of ['lint', 'typecheck']) {
  const code = run(`${task} (all packages)`, 'pnpm', [
    'exec',
    'turbo',
    'run',
    task,
    '--output-logs=errors-only',
  ]);
  if (code === 0) total.passed += 1;
  else {
    total.failed += 1;
    notes.push(`${task} failed`);
  }
}

// 2. Unit and integration tests.
const vitestJson = path.join(resultsDir, 'vitest.json');
fs.rmSync(vitestJson, { force: true });
const vitestCode = run('unit and integration tests (vitest)', 'pnpm', ['exec', 'vitest', 'run'], {
  VITEST_JSON: vitestJson,
});
const vitest = readJson(vitestJson) as
  | {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
      testResults?: Array<{ assertionResults?: Array<{ status: string; fullName: string }> }>;
    }
  | undefined;
/** Tests that skipped themselves (only those for a service this machine cannot run), by name. */
const skippedNames: string[] = [];
if (vitest) {
  total.passed += vitest.numPassedTests;
  total.failed += vitest.numFailedTests;
  total.skipped += vitest.numPendingTests + vitest.numTodoTests;
  for (const file of vitest.testResults ?? []) {
    for (const t of file.assertionResults ?? []) {
      if (t.status === 'skipped' || t.status === 'pending' || t.status === 'todo')
        skippedNames.push(t.fullName);
    }
  }
}
if (vitestCode !== 0 && (!vitest || vitest.numFailedTests === 0)) {
  total.failed += 1;
  notes.push(`vitest exited with code ${vitestCode}`);
}

// 3. End-to-end tests in a real browser.
const playwrightJson = path.join(resultsDir, 'playwright.json');
fs.rmSync(playwrightJson, { force: true });
const e2eCode = run('end-to-end tests (playwright)', 'pnpm', ['exec', 'playwright', 'test'], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
});
const e2e = readJson(playwrightJson) as
  { stats: { expected: number; unexpected: number; skipped: number; flaky: number } } | undefined;
if (e2e) {
  total.passed += e2e.stats.expected + e2e.stats.flaky;
  total.failed += e2e.stats.unexpected;
  total.skipped += e2e.stats.skipped;
}
if (e2eCode !== 0 && (!e2e || e2e.stats.unexpected === 0)) {
  total.failed += 1;
  notes.push(`playwright exited with code ${e2eCode}`);
}

console.log('');
for (const name of skippedNames) console.log(`↓ skipped: ${name}`);
for (const note of notes) console.log(red(`✖ ${note}`));
const line = `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`;
console.log(total.failed ? red(bold('Tests failed.')) : green(bold('All tests passed.')));
console.log(line);
process.exit(total.failed ? 1 : 0);
