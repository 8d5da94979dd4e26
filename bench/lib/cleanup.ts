import { errorMessage, log } from './log';

interface Cleanup {
  label: string;
  run: () => Promise<unknown> | unknown;
}

const pending: Cleanup[] = [];
let interrupted = false;
let interruptedAt = 0;
let draining: Promise<void> | null = null;

/**
 * A second signal this soon after the first is the same Ctrl-C delivered twice: once by the
 * terminal to the process group and once relayed by the tsx CLI, which re-sends it when the
 * benchmark's event loop is too busy to acknowledge it within 30 ms.
 */
const REPEAT_IGNORED_MS = 1_000;

/**
 * Registers something to undo when the current benchmark ends, fails or is interrupted:
 * cleanups run last-registered first, so a server stops before its database is dropped and the
 * database is dropped before the cluster is released.
 */
export function defer(label: string, run: () => Promise<unknown> | unknown): void {
  pending.push({ label, run });
  // Registered while an interrupt is already cleaning up: undo it now rather than leak it.
  if (interrupted) void runCleanups();
}

async function drain(): Promise<void> {
  for (let next = pending.pop(); next; next = pending.pop()) {
    try {
      log(`cleanup: ${next.label}`);
      await next.run();
    } catch (err) {
      log(`cleanup "${next.label}" failed: ${errorMessage(err)}`);
    }
  }
}

/**
 * Runs every registered cleanup once; a failing one is logged and the rest still run. Callers
 * that arrive while cleanups are running (the runner's `finally` and a signal handler) wait for
 * the same run, so the cleanups never run out of order or twice.
 */
export function runCleanups(): Promise<void> {
  draining ??= drain().finally(() => {
    draining = null;
  });
  return draining;
}

/** True once Ctrl-C or SIGTERM arrived: the runner then leaves the exit to the signal handler. */
export function wasInterrupted(): boolean {
  return interrupted;
}

/** On Ctrl-C or SIGTERM: clean up, then exit 130. A second signal exits at once. */
export function cleanUpOnSignals(): void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) {
      if (Date.now() - interruptedAt < REPEAT_IGNORED_MS) return;
      log(`${signal} again: exiting without finishing the cleanup`);
      process.exit(130);
    }
    interrupted = true;
    interruptedAt = Date.now();
    log(`${signal}: stopping what the benchmark started (press Ctrl-C again to exit at once)`);
    void runCleanups().finally(() => process.exit(130));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, onSignal);
  }
}
