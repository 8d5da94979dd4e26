/**
 * Sets the shop's stock from a CSV file, as a merchant's ERP would run it each night:
 *
 *   SHOP_ADMIN_URL=https://admin.example.com SHOP_API_TOKEN=shop_pat_… node src/sync.ts stock.csv
 *
 * or with the file on stdin (`… node src/sync.ts < stock.csv`). The file has a header
 * `sku,quantity` (an optional `location` column names a stock location; else the shop's default)
 * and one absolute on-hand count per line. The token needs the `stock:write` scope (the owner
 * creates one under Settings → API tokens). Prints each count that changed; on a refused call it
 * prints the API's sentence and exits 1 (the batches before it are applied; running the sync
 * again is safe).
 */
import { readFile } from 'node:fs/promises';
import { TRPCClientError } from '@trpc/client';
import { CsvError, parseStockCsv } from './csv.ts';
import { syncStock } from './client.ts';
import { readSyncEnv } from './env.ts';

async function readInput(path: string | undefined): Promise<string> {
  if (path) return readFile(path, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function fail(message: string): never {
  process.stderr.write(`stock-sync: ${message}\n`);
  process.exit(1);
}

/** The sentence for a refused or failed call: the API's own, with its HTTP status. */
function callFailure(err: unknown, adminUrl: string): string {
  if (!(err instanceof TRPCClientError)) return err instanceof Error ? err.message : String(err);
  const status = (err.data as { httpStatus?: number } | undefined)?.httpStatus;
  return status
    ? `${status} ${err.message}`
    : `Cannot reach the admin at ${adminUrl}: ${err.message}`;
}

async function main(): Promise<void> {
  const env = readSyncEnv();
  if (!env.ok) fail(env.message);
  let lines;
  try {
    lines = parseStockCsv(await readInput(process.argv[2]));
  } catch (err) {
    fail(err instanceof CsvError ? err.message : `Cannot read the file: ${String(err)}`);
  }
  if (lines.length === 0) fail('The file has a header but no counts.');
  try {
    const report = await syncStock({
      adminUrl: env.adminUrl,
      token: env.token,
      lines,
      reason: env.reason,
      onBatch: (result) => {
        for (const c of result.changed)
          process.stdout.write(`${c.sku} @ ${c.location}: ${c.from} -> ${c.to}\n`);
      },
    });
    const calls = `${report.batches} call${report.batches === 1 ? '' : 's'}`;
    process.stdout.write(
      `${report.changed.length} changed, ${report.unchanged} unchanged, in ${calls}.\n`,
    );
  } catch (err) {
    fail(callFailure(err, env.adminUrl));
  }
}

await main();
