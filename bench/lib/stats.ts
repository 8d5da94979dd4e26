/** Nearest-rank percentile of an ascending list (0 for an empty list). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

/** Runs `work` on every item with at most `limit` running at once; resolves when all are done. */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      const item = items[i];
      if (item !== undefined) await work(item, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Starts measuring this process's CPU time; the function returned gives the CPU used since, in
 * cores (1 = one core busy the whole time). The benchmarks run the shop's code in-process, so
 * this is the application plus the load generator; Postgres uses (most of) the rest.
 */
export function startCpuMeter(): () => number {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  return () => {
    const used = process.cpuUsage(cpu);
    const ms = performance.now() - wall;
    return ms > 0 ? (used.user + used.system) / 1000 / ms : 0;
  };
}
