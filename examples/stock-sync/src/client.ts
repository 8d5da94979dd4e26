import { createTRPCClient, httpLink } from '@trpc/client';
import type { AdminApi } from '@shop/api';
import superjson from 'superjson';
import { batchesOf, type StockLine } from './csv.ts';

/** The most lines the shop's `admin.stock.set` takes in one call. */
const BATCH_SIZE = 500;

export interface SyncReport {
  changed: Array<{ sku: string; location: string; from: number; to: number }>;
  unchanged: number;
  batches: number;
}

/**
 * Sends the counts to the shop's admin API with an API token that has the `stock:write` scope,
 * 500 lines a call. Each call is all or nothing on the shop's side, and sending the same counts
 * again changes nothing, so a sync that failed half-way is simply run again. Throws the API's
 * error (a `TRPCClientError` with its sentence) on the first refused call; `onBatch` has heard
 * of every batch applied before it.
 */
export async function syncStock(options: {
  adminUrl: string;
  token: string;
  lines: readonly StockLine[];
  reason: string;
  onBatch?: (result: Omit<SyncReport, 'batches'>, index: number) => void;
}): Promise<SyncReport> {
  const client = createTRPCClient<AdminApi>({
    links: [
      httpLink({
        url: new URL('/api/trpc', options.adminUrl).toString(),
        transformer: superjson,
        headers: { authorization: `Bearer ${options.token}` },
      }),
    ],
  });
  const report: SyncReport = { changed: [], unchanged: 0, batches: 0 };
  for (const [index, items] of batchesOf(options.lines, BATCH_SIZE).entries()) {
    const result = await client.admin.stock.set.mutate({ items, reason: options.reason });
    options.onBatch?.(result, index);
    report.changed.push(...result.changed);
    report.unchanged += result.unchanged;
    report.batches += 1;
  }
  return report;
}
