import { spawn, type ChildProcess } from 'node:child_process';
import { dim } from './log';

export interface Managed {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** Spawns a process whose output is prefixed with its name. */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string | undefined>; quiet?: boolean },
): Managed {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = dim(`[${name}]`.padEnd(13));
  const pipe = (stream: NodeJS.ReadableStream | null, out: NodeJS.WriteStream) => {
    let buffer = '';
    stream?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      if (!options.quiet) for (const line of lines) out.write(`${prefix} ${line}\n`);
    });
  };
  pipe(child.stdout, process.stdout);
  pipe(child.stderr, process.stderr);
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => resolve(code));
    // A command that cannot be spawned emits 'error' and never 'exit'; without this listener
    // the launcher itself would crash.
    child.on('error', (err) => {
      process.stderr.write(`${prefix} could not start: ${err.message}\n`);
      resolve(null);
    });
  });
  return { name, child, exited };
}

/** SIGTERM, then SIGKILL after `graceMs` for anything still running. */
export async function stopAll(processes: Managed[], graceMs = 8_000): Promise<void> {
  const running = processes.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
  for (const p of running) p.child.kill('SIGTERM');
  await Promise.race([
    Promise.all(running.map((p) => p.exited)),
    new Promise((r) => setTimeout(r, graceMs)),
  ]);
  for (const p of running)
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
}

/** Resolves when `url` answers any HTTP status; rejects if `proc` exits or time runs out. */
export async function waitForHttp(url: string, proc: Managed, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void proc.exited.then((code) => (exitCode = code));
  for (;;) {
    if (exitCode !== undefined)
      throw new Error(`${proc.name} exited (code ${exitCode}) before answering at ${url}`);
    try {
      const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      return;
    } catch {
      if (Date.now() > end)
        throw new Error(`${proc.name} did not answer at ${url} within ${timeoutMs / 1000}s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

export interface SuperviseOptions {
  /** Delay before the first restart after a crash; doubled for each crash in a row. */
  initialDelayMs?: number;
  /** The longest delay between restarts. */
  maxDelayMs?: number;
  /** A process that stayed up this long was healthy: its next crash restarts after the first delay again. */
  healthyAfterMs?: number;
  /** Where crashes and restarts are reported (stderr by default). */
  log?: (message: string) => void;
}

/** A process kept running: restarted with exponential backoff whenever it exits on its own. */
export interface Supervised {
  readonly name: string;
  /** The process running now (a new one after each restart). */
  current(): Managed;
  /** How many times it was restarted. */
  restarts(): number;
  /** Stops supervising and stops the process (SIGTERM, then SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Runs `spawn()` and keeps it running: when the process exits without being asked to (a crash,
 * a kill, an exit code), the exit is logged and it is started again after a delay that starts at
 * `initialDelayMs` and doubles with each crash in a row up to `maxDelayMs`. A process that stays
 * up `healthyAfterMs` resets the delay. `stop()` ends the supervision first, so a process stopped
 * on purpose is never restarted.
 */
export function supervise(
  name: string,
  spawn: () => Managed,
  options: SuperviseOptions = {},
): Supervised {
  const initialDelayMs = options.initialDelayMs ?? 1_000;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const healthyAfterMs = options.healthyAfterMs ?? 30_000;
  const log = options.log ?? ((m: string) => console.error(m));
  let current = spawn();
  let startedAt = Date.now();
  let restarts = 0;
  let crashesInARow = 0;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;

  const watch = (proc: Managed) => {
    void proc.exited.then((code) => {
      if (stopping || proc !== current) return;
      const uptime = Date.now() - startedAt;
      crashesInARow = uptime >= healthyAfterMs ? 1 : crashesInARow + 1;
      const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** (crashesInARow - 1));
      const how = proc.child.signalCode ? `signal ${proc.child.signalCode}` : `code ${code}`;
      log(
        `${name} exited (${how}) after ${formatSeconds(uptime)}; restarting in ${formatSeconds(delay)}`,
      );
      timer = setTimeout(() => {
        timer = undefined;
        if (stopping) return;
        current = spawn();
        startedAt = Date.now();
        restarts += 1;
        log(`${name} restarted (pid ${current.child.pid ?? '?'}, restart ${restarts})`);
        watch(current);
      }, delay);
    });
  };
  watch(current);

  return {
    name,
    current: () => current,
    restarts: () => restarts,
    async stop(graceMs?: number) {
      stopping = true;
      if (timer) clearTimeout(timer);
      await stopAll([current], graceMs);
    },
  };
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10}s`;
}
