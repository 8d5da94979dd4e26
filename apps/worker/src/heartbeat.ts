import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '@shop/runtime';
import { clearHeartbeat, recordHeartbeat, recoverDeadWorkers } from '@shop/db/jobs';
import type { WorkerEvents } from 'graphile-worker';

/**
 * Liveness for crash recovery. This process beats every `intervalMs` with the ids of the
 * graphile-worker workers it hosts, and sweeps processes that stopped beating `staleAfterSeconds`
 * ago: their locked jobs are unlocked and run again now (graphile-worker alone would wait four
 * hours before retrying a job whose worker was killed mid-run).
 */
export function startHeartbeat(
  db: Db,
  events: WorkerEvents,
  options: { intervalMs: number; staleAfterSeconds: number; log: (m: string) => void },
): { beat(): Promise<void>; stop(): Promise<void> } {
  const processId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const workerIds = new Set<string>();
  // Jobs are locked under the pool's id (and, in older paths, a worker's id): record both.
  events.on('pool:create', ({ workerPool }) => {
    workerIds.add(workerPool.id);
    void beat();
  });
  events.on('worker:create', ({ worker }) => {
    workerIds.add(worker.workerId);
    void beat();
  });
  // One beat at a time; a beat asked for while one runs follows it (new ids are never lost).
  let running: Promise<void> | null = null;
  let again = false;
  // While the database is down every beat fails: say so once, and once when beats resume.
  let failing = false;
  async function beatOnce() {
    try {
      await recordHeartbeat(db, processId, [...workerIds]);
      const swept = await recoverDeadWorkers(db, options.staleAfterSeconds);
      if (failing) options.log('heartbeat recorded again');
      failing = false;
      if (swept > 0)
        options.log(
          `unlocked the jobs of ${swept} stopped worker process${swept === 1 ? '' : 'es'}`,
        );
    } catch (err) {
      if (!failing) options.log(`heartbeat failed: ${rootMessage(err)} (retrying every beat)`);
      failing = true;
    }
  }
  function beat(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await beatOnce();
      } while (again);
      running = null;
    })();
    return running;
  }
  void beat();
  const timer = setInterval(() => void beat(), options.intervalMs);
  timer.unref();
  return {
    beat,
    async stop() {
      clearInterval(timer);
      await clearHeartbeat(db, processId).catch(() => undefined);
    },
  };
}

/** The innermost cause's message: the driver's reason, not the query text wrapped around it. */
function rootMessage(err: unknown): string {
  let current = err;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}
