import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataDir } from './index';
import {
  ensurePostgres,
  isPostgresAnswering,
  stopPostgres,
  type PostgresCluster,
} from './postgres';

const cluster: PostgresCluster = {
  dataDir: path.join(dataDir, `pg-lifecycle-${process.pid}`),
  port: 55_000 + (process.pid % 5_000),
  settings: { fsync: 'off' },
};

async function postmasterPid(): Promise<number> {
  const text = await fs.readFile(path.join(cluster.dataDir, 'postmaster.pid'), 'utf8');
  return Number.parseInt(text.split('\n')[0] ?? '', 10);
}

async function waitUntil(fn: () => Promise<boolean>, ms = 15_000) {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

afterAll(async () => {
  await stopPostgres(cluster);
  await fs.rm(cluster.dataDir, { recursive: true, force: true });
  await fs.rm(`${cluster.dataDir}.users`, { recursive: true, force: true });
});

describe('embedded Postgres lifecycle', () => {
  it('initialises on first use, and a second start joins the running server', async () => {
    const first = await ensurePostgres(cluster);
    const pid = await postmasterPid();
    const second = await ensurePostgres(cluster);
    expect(second.adminUrl).toBe(first.adminUrl);
    expect(await postmasterPid()).toBe(pid);
    expect(await isPostgresAnswering(first.adminUrl)).toBe(true);
  });

  it('recovers after the server was killed and left its postmaster.pid behind', async () => {
    const pid = await postmasterPid();
    process.kill(pid, 'SIGKILL');
    const url = `postgres://postgres:postgres@127.0.0.1:${cluster.port}/postgres`;
    await waitUntil(async () => !(await isPostgresAnswering(url)));
    const again = await ensurePostgres(cluster);
    expect(await isPostgresAnswering(again.adminUrl)).toBe(true);
    expect(await postmasterPid()).not.toBe(pid);
  });

  it('recovers a postmaster.pid whose pid now belongs to another process', async () => {
    await stopPostgres(cluster);
    const squatter = spawn('sleep', ['30']);
    try {
      await fs.writeFile(
        path.join(cluster.dataDir, 'postmaster.pid'),
        `${squatter.pid}\n${cluster.dataDir}\n1700000000\n${cluster.port}\n\n127.0.0.1\n  0 0\nready\n`,
      );
      const running = await ensurePostgres(cluster);
      expect(await isPostgresAnswering(running.adminUrl)).toBe(true);
    } finally {
      squatter.kill();
    }
  });

  it('stops the server when its last user leaves', async () => {
    const running = await ensurePostgres(cluster);
    await running.release();
    expect(await isPostgresAnswering(running.adminUrl)).toBe(false);
  });
});
