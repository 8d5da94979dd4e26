import { randomBytes } from 'node:crypto';
import { updateProduct } from '@shop/core';
import { queryRows } from '@shop/db/query';
import { sleep } from '@shop/scripts/lib/harness';
import { escapeHtml } from '@shop/scripts/lib/html';
import { sql } from 'drizzle-orm';
import type { Bench } from '../lib/bench';
import { storefrontCatalog } from '../lib/catalog';
import { getRaw } from '../lib/http';
import { log, round } from '../lib/log';
import { benchShop } from '../lib/pool';
import { edgeUnavailable, startBenchEdge } from '../lib/edge';
import { percentile } from '../lib/stats';
import { startStorefront } from '../lib/storefront';
import { startWorker } from '../lib/worker';

/** Edits timed per target; each edits another product. */
const EDITS = 10;
const REPLICAS = 2;
const POLL_MS = 20;
/** An edit not seen by then counts as missed (and its lag as this long, in `max`). */
const GIVE_UP_MS = 15_000;
/** Printed next to the p95, never checked (bench/README.md). */
const TARGET_P95_MS = 1_000;

interface Target {
  /** `origin`: every storefront replica asked directly; `edge`: the edge in front of them. */
  name: string;
  bases: string[];
}

async function pageText(url: string): Promise<string> {
  const res = await getRaw(url);
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status} instead of 200.`);
  return res.body.toString('utf8');
}

/** Milliseconds from `since` until `url` shows `title`, polling every POLL_MS; null if never. */
async function seenAfter(url: string, title: string, since: number): Promise<number | null> {
  const wanted = escapeHtml(title);
  for (;;) {
    if ((await pageText(url)).includes(wanted)) return performance.now() - since;
    if (performance.now() - since > GIVE_UP_MS) return null;
    await sleep(POLL_MS);
  }
}

/**
 * Edits each product's title with the core's `updateProduct` (what the admin's save calls) and
 * times, from its commit, how long until every base of `target` serves the new title. Each page
 * is requested twice first, so that it is cached where it is served.
 */
async function lags(
  target: Target,
  products: ReadonlyArray<{ id: number; handle: string }>,
  edit: (id: number, title: string) => Promise<void>,
): Promise<{ lags: number[]; missed: number }> {
  const found: number[] = [];
  let missed = 0;
  for (const product of products) {
    const path = `/us/p/${product.handle}`;
    for (const base of target.bases) for (let i = 0; i < 2; i++) await pageText(`${base}${path}`);
    const title = `Purge lag ${target.name} ${randomBytes(4).toString('hex')}`;
    await edit(product.id, title);
    const committed = performance.now();
    const seen = await Promise.all(
      target.bases.map((base) => seenAfter(`${base}${path}`, title, committed)),
    );
    if (seen.some((ms) => ms === null)) {
      missed++;
      log(`  ${target.name}: ${path} did not show the new title within ${GIVE_UP_MS / 1000} s`);
      continue;
    }
    const lag = round(Math.max(...(seen as number[])));
    log(`  ${target.name}: ${path} fresh after ${lag} ms`);
    found.push(lag);
  }
  return { lags: found.sort((a, b) => a - b), missed };
}

/**
 * From an admin edit's commit to the first response showing it: the storefront replicas, the
 * edge in front of them (when Varnish is installed) and the worker that revalidates every replica
 * (STOREFRONT_URLS) and then purges the edge (EDGE_PURGE_URL). Each edit is timed on its own,
 * polled every 20 ms, the replicas in one pass and the edge in another, on other products.
 */
export const purgeLagBench: Bench = {
  name: 'purge-lag',
  description: 'ms from a product edit to the first fresh page at the replicas and at the edge',
  uses: [],
  async run(_options, emit) {
    const { databaseUrl } = await storefrontCatalog('bench_purge_lag');

    const revalidateSecret = randomBytes(24).toString('hex');
    const replicas: string[] = [];
    for (let i = 0; i < REPLICAS; i++) {
      const replica = await startStorefront(databaseUrl, 3200 + 2 * i, {
        name: `storefront-${i + 1}`,
        revalidateSecret,
      });
      replicas.push(replica.base);
    }
    const targets: Target[] = [{ name: 'origin', bases: replicas }];
    const unavailable = edgeUnavailable();
    let edgeUrl: string | undefined;
    if (unavailable) {
      log(`The edge part is skipped: ${unavailable}.`);
      emit({ target: 'edge', skipped: unavailable });
    } else {
      // The edge in front of both replicas; the worker purges it (signed with REVALIDATE_SECRET,
      // which the replicas' purge check verifies) once every replica is revalidated.
      const edge = await startBenchEdge(3210, { pages: replicas, api: replicas });
      log(`Started the edge (Varnish) on ${edge.url}`);
      edgeUrl = edge.url;
      targets.push({ name: 'edge', bases: [edge.url] });
    }
    log('Starting the worker');
    await startWorker({
      DATABASE_URL: databaseUrl,
      REVALIDATE_SECRET: revalidateSecret,
      STOREFRONT_URL: replicas[0] ?? '',
      STOREFRONT_URLS: replicas.join(','),
      ...(edgeUrl ? { EDGE_PURGE_URL: edgeUrl } : {}),
    });
    const shop = benchShop(databaseUrl, 2);
    const products = (
      await queryRows<{ id: string; handle: string }>(
        shop.db,
        sql`select id, handle from products where status = 'active' order by id limit ${EDITS * targets.length}`,
      )
    ).map((r) => ({ id: Number(r.id), handle: r.handle }));
    if (products.length < EDITS * targets.length)
      throw new Error(
        `The seed made ${products.length} active products; ${EDITS * targets.length} are needed.`,
      );
    const edit = async (id: number, title: string) => {
      await updateProduct(shop.db, { id, title });
    };

    for (const [i, target] of targets.entries()) {
      log(
        `${target.name}: ${EDITS} edits, each polled every ${POLL_MS} ms on ${target.bases.join(', ')}`,
      );
      const r = await lags(target, products.slice(i * EDITS, (i + 1) * EDITS), edit);
      emit({
        target: target.name,
        replicas: REPLICAS,
        edits: EDITS,
        missed: r.missed,
        p50: percentile(r.lags, 50),
        p95: percentile(r.lags, 95),
        max: r.missed > 0 ? null : (r.lags[r.lags.length - 1] ?? 0),
        targetP95: TARGET_P95_MS,
      });
    }
  },
};
