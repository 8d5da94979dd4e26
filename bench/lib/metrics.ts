import { round } from './log';
import type { RunningStorefront } from './storefront';

/** `cache_requests_total` of one process, by `<layer>:<result>` (e.g. `data:hit`). */
export type CacheCounters = Map<string, number>;

const SERIES = /^cache_requests_total\{([^}]*)\}\s+(\S+)/;

function label(labels: string, name: string): string {
  return new RegExp(`${name}="([^"]*)"`).exec(labels)?.[1] ?? '?';
}

/**
 * Reads the storefront's `cache_requests_total` from `/api/metrics` (docs/observability.md):
 * the cache port's reads (`layer="data"`) and, where a page cache counts its own, `layer="page"`.
 */
export async function readCacheCounters(server: RunningStorefront): Promise<CacheCounters> {
  const res = await fetch(`${server.base}/api/metrics`, {
    headers: { authorization: `Bearer ${server.metricsToken}` },
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status !== 200) {
    throw new Error(`GET ${server.base}/api/metrics answered ${res.status} instead of 200.`);
  }
  const counters: CacheCounters = new Map();
  for (const line of (await res.text()).split('\n')) {
    const match = SERIES.exec(line);
    if (!match) continue;
    const [, labels = '', value = '0'] = match;
    counters.set(`${label(labels, 'layer')}:${label(labels, 'result')}`, Number(value));
  }
  return counters;
}

export interface CacheRatio {
  /** Reads counted between the two readings, by layer and result (`data:hit` …). */
  reads: Record<string, number>;
  /** hits / (hits + misses + stale) over every layer; null when nothing was read. */
  hitRatio: number | null;
}

/** What the cache did between two readings of the same process's counters. */
export function cacheRatio(before: CacheCounters, after: CacheCounters): CacheRatio {
  const reads: Record<string, number> = {};
  let hits = 0;
  let total = 0;
  for (const [key, value] of after) {
    const delta = value - (before.get(key) ?? 0);
    if (delta === 0) continue;
    reads[key] = delta;
    total += delta;
    if (key.endsWith(':hit')) hits += delta;
  }
  return { reads, hitRatio: total > 0 ? round(hits / total, 4) : null };
}
