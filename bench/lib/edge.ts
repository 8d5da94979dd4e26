import { edgeAvailable, findVarnishd, startEdge, type RunningEdge } from '@shop/services';
import { defer } from './cleanup';
import { freePort } from './processes';

/**
 * Why the edge cannot run on this machine, as a sentence, or null when it can: the benchmarks
 * print the sentence in place of the edge's figures.
 */
export function edgeUnavailable(): string | null {
  if (!findVarnishd())
    return 'varnishd is not installed (Debian: apt-get install varnish varnish-modules; .ci/run installs both)';
  if (!edgeAvailable()) return 'varnishd is installed but `varnishd -V` fails';
  return null;
}

/**
 * Varnish in front of the storefront replicas (`startEdge` from @shop/services, the edge
 * `pnpm start` runs, with the compose VCL): pages round-robin over `pages`, `/api/*` and the
 * purge check to `api`. Listens on `preferredPort` or a free one; stopped by the runner's
 * cleanups.
 */
export async function startBenchEdge(
  preferredPort: number,
  replicas: { pages: string[]; api: string[] },
): Promise<RunningEdge> {
  const port = await freePort(preferredPort);
  const edge = await startEdge({ port, pages: replicas.pages, api: replicas.api });
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= edge.stop());
  defer('stop the edge', stop);
  return { ...edge, stop };
}

/** varnishstat's `MAIN.backend_req` (requests the edge sent to a replica) and `MAIN.cache_hit`. */
export function edgeCounters(edge: RunningEdge): { backendRequests: number; cacheHits: number } {
  const c = edge.counters(['MAIN.backend_req', 'MAIN.cache_hit']);
  return { backendRequests: c['MAIN.backend_req'] ?? 0, cacheHits: c['MAIN.cache_hit'] ?? 0 };
}
