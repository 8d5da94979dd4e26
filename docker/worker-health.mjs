/**
 * The worker image's health check: `node health.mjs` exits 0 when this container's worker has
 * recorded its heartbeat in the database within the last 30 s (three beats at the default
 * HEARTBEAT_SECONDS=10), 1 otherwise. The worker has no HTTP port; its heartbeat row
 * (`worker_heartbeats`, keyed `<hostname>-<pid>-<random>`, see apps/worker/src/heartbeat.ts) is
 * what says it is connected and its event loop is running.
 */
import { hostname } from 'node:os';
import pg from 'pg';

const seconds = 3 * Number(process.env.HEARTBEAT_SECONDS || 10);
const client = new pg.Client({
  connectionString: process.env.DATABASE_URL,
  connectionTimeoutMillis: 3_000,
});
try {
  await client.connect();
  const { rows } = await client.query(
    `select 1 from worker_heartbeats
      where process_id like $1 || '-%' and last_seen > now() - make_interval(secs => $2)`,
    [hostname(), seconds],
  );
  if (rows.length === 0) {
    console.error(`no heartbeat from ${hostname()} in the last ${seconds} s`);
    process.exitCode = 1;
  }
} catch (err) {
  console.error(`health check failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  await client.end().catch(() => undefined);
}
