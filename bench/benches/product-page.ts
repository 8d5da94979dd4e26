import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopAll, waitForHttp } from '@shop/scripts/lib/processes';
import type { Bench } from '../lib/bench';
import { storefrontCatalog } from '../lib/catalog';
import { defer } from '../lib/cleanup';
import { getRaw, type CapturedResponse } from '../lib/http';
import { edgeCounters, edgeUnavailable, startBenchEdge } from '../lib/edge';
import { measureAt, type LoadFigures } from '../lib/load';
import { log, round } from '../lib/log';
import { freePort, startService } from '../lib/processes';
import { startStorefront, type RunningServer } from '../lib/storefront';

const CONNECTIONS = [10, 50] as const;
const WARM_UP_REQUESTS = 5;
const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A few GETs so the page is rendered and in the ISR cache; returns the last (cached) response. */
async function warmPage(url: string): Promise<CapturedResponse> {
  let last: CapturedResponse | undefined;
  for (let i = 1; i <= WARM_UP_REQUESTS; i++) {
    const res = await getRaw(url);
    if (res.status !== 200) {
      throw new Error(`GET ${url} answered ${res.status} instead of 200 (warm-up request ${i}).`);
    }
    const cache = res.headers['x-nextjs-cache'] ?? 'no x-nextjs-cache header';
    log(`  warm-up ${i}: 200, ${res.body.length} bytes, ${String(cache)}`);
    if (last && !last.body.equals(res.body))
      log('  note: the body changed between warm-up requests');
    last = res;
  }
  if (!last) throw new Error('no warm-up request was made');
  return last;
}

/** Serves `page`'s exact body and content type from a plain node:http server in its own process. */
async function startStaticServer(page: CapturedResponse): Promise<RunningServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'shop-bench-'));
  defer('remove the captured page', () => rm(dir, { recursive: true, force: true }));
  const bodyFile = path.join(dir, 'body');
  await writeFile(bodyFile, page.body);
  const port = await freePort(3201);
  const proc = startService(
    'node-http',
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(benchDir, 'lib/static-server.ts'),
      String(port),
      bodyFile,
      page.contentType,
    ],
    { cwd: benchDir, env: {} },
  );
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/`, proc);
  return { base, stop: () => stopAll([proc]) };
}

/** One GET through the edge; its X-Cache (HIT or MISS) and X-Cache-Hits, for the log. */
async function edgeCache(url: string): Promise<{ cache: string; hits: number }> {
  const res = await getRaw(url);
  if (res.status !== 200) throw new Error(`GET ${url} through the edge answered ${res.status}.`);
  return {
    cache: String(res.headers['x-cache'] ?? 'no X-Cache header'),
    hits: Number(res.headers['x-cache-hits'] ?? 0),
  };
}

/**
 * The same page through the edge (Varnish in front of the storefront): warmed, then measured
 * like the others. varnishstat's counters, read before and after the runs, say how many of the
 * requests reached the storefront (`backendRequests`) and how many the edge answered itself.
 */
async function measureEdge(
  origin: string,
  pagePath: string,
  measure: (server: string, url: string) => Promise<Map<number, LoadFigures>>,
): Promise<{ figures: Map<number, LoadFigures>; backendRequests: number; cacheHits: number }> {
  const edge = await startBenchEdge(3210, { pages: [origin], api: [origin] });
  log(`Started the edge (Varnish) on ${edge.url} in front of ${origin}`);
  const url = `${edge.url}${pagePath}`;
  for (let i = 1; i <= WARM_UP_REQUESTS; i++) {
    const seen = await edgeCache(url);
    log(`  edge warm-up ${i}: 200, X-Cache ${seen.cache}, X-Cache-Hits ${seen.hits}`);
  }
  const before = edgeCounters(edge);
  const figures = await measure('edge', url);
  const after = edgeCounters(edge);
  await edge.stop();
  return {
    figures,
    backendRequests: after.backendRequests - before.backendRequests,
    cacheHits: after.cacheHits - before.cacheHits,
  };
}

/**
 * Throughput and latency of one cached (ISR) product page through the edge (Varnish) and at the
 * origin (`next start`), next to a bare node:http server sending the same bytes: the ratios are
 * the share of a plain Node server's throughput that each serving path keeps.
 */
export const productPageBench: Bench = {
  name: 'product-page',
  description: 'requests/s and latency of /us/p/<handle>: edge, next start and node:http',
  uses: ['seconds'],
  async run(options, emit) {
    const seconds = options.seconds ?? 10;
    /** The warm-up and the runs at each connection count, their lines printed. */
    const measure = async (server: string, url: string) => {
      const figures = await measureAt(server, url, seconds, CONNECTIONS);
      for (const [connections, f] of figures) emit({ server, connections, ...f });
      return figures;
    };
    const { databaseUrl, picks } = await storefrontCatalog('bench_page');
    const handle = picks.productHandle;

    const storefront = await startStorefront(databaseUrl, 3200);
    const pagePath = `/us/p/${handle}`;
    log(`Warming ${storefront.base}${pagePath}`);
    const page = await warmPage(`${storefront.base}${pagePath}`);
    const originFigures = await measure('origin', `${storefront.base}${pagePath}`);

    const unavailable = edgeUnavailable();
    let edgeFigures: Map<number, LoadFigures> | undefined;
    if (unavailable) {
      log(`The edge figures are skipped: ${unavailable}.`);
      emit({ server: 'edge', skipped: unavailable });
    } else {
      const edge = await measureEdge(storefront.base, pagePath, measure);
      edgeFigures = edge.figures;
      emit({
        server: 'edge',
        cacheHits: edge.cacheHits,
        backendRequests: edge.backendRequests,
      });
    }
    // Stopped before the baseline runs, so the two servers never compete for the two cores.
    await storefront.stop();

    const baseline = await startStaticServer(page);
    const nodeFigures = await measure('node-http', `${baseline.base}${pagePath}`);
    await baseline.stop();

    for (const connections of CONNECTIONS) {
      const node = nodeFigures.get(connections);
      const origin = originFigures.get(connections);
      const edge = edgeFigures?.get(connections);
      if (!node || node.rps === 0 || !origin) continue;
      emit({
        connections,
        originRatio: round(origin.rps / node.rps, 3),
        targetOriginRatio: 0.15,
        ...(edge
          ? { edgeRatio: round(edge.rps / node.rps, 3), edgeP99: edge.p99 }
          : { edgeRatio: null }),
        targetEdgeRatio: 1,
        ...(connections === 50 ? { targetEdgeP99: 10 } : {}),
      });
    }
  },
};
