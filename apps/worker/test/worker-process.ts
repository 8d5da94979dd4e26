import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The real worker process for the tests that need one (restarts, kills, the search sync): started
 * as `pnpm start` starts it, ready once it logged its `ready` line, killed without a shutdown.
 */

const workerDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves on the `ready` line; rejects if the process exits first. */
  ready: Promise<void>;
  /** Everything it wrote so far, stdout and stderr. */
  output: () => string;
}

export function startWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: workerDir,
    // JSON lines at info, whatever the outer environment asks for: readiness is read from them.
    env: { ...process.env, LOG_LEVEL: 'info', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.split('\n').some(isReadyLine)) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code, signal) =>
      reject(new Error(`worker exited with ${code ?? signal}: ${output}`)),
    );
  });
  // A worker killed on purpose rejects `ready` after it resolved: nobody waits on it then.
  ready.catch(() => undefined);
  return { child, ready, output: () => output };
}

/** The worker's `ready` line: `{"level":30,…,"name":"worker","msg":"ready",…}`. */
function isReadyLine(line: string): boolean {
  if (!line.startsWith('{')) return false;
  try {
    const entry = JSON.parse(line) as { name?: unknown; msg?: unknown };
    return entry.name === 'worker' && entry.msg === 'ready';
  } catch {
    return false; // the line is still being written
  }
}

/** SIGKILL (no graceful shutdown at all), then waits for the exit; a no-op once it exited. */
export async function killHard(worker: WorkerProcess | undefined): Promise<void> {
  const child = worker?.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/** Calls `fn` every 50 ms until it answers a value; throws after `timeoutMs`. */
export async function waitFor<T>(
  fn: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
  what = 'the condition',
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
