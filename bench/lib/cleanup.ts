import { errorMessage, log } from './log';

interface Cleanup {
  label: string;
  run: () => Promise<unknown> | unknown;
}

const pending: Cleanup[] = [];
let interrupted = false;

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

/** Runs every registered cleanup once; a failing one is logged and the rest still run. */
export async function runCleanups(): Promise<void> {
  for (let next = pending.pop(); next; next = pending.pop()) {
    try {
      log(`cleanup: ${next.label}`);
      await next.run();
    } catch (err) {
      log(`cleanup "${next.label}" failed: ${errorMessage(err)}`);
    }
  }
}

/** On Ctrl-C or SIGTERM: clean up, then exit 130. A second signal exits at once. */
export function cleanUpOnSignals(): void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) {
      log(`${signal} again: exiting without finishing the cleanup`);
      process.exit(130);
    }
    interrupted = true;
    log(`${signal}: stopping what the benchmark started (press Ctrl-C again to exit at once)`);
    void runCleanups().finally(() => process.exit(130));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, onSignal);
  }
}
