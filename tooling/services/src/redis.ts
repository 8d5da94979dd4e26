import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findExecutable } from './executables';
import { pidAlive } from './postgres';
import { RespConnection } from './redis-bridge/resp';
import { startRedisBridgeServer } from './redis-bridge/server';

/**
 * A real redis-server (Debian's package) for development, tests and benchmarks, and the REST
 * bridge that lets `@upstash/redis` talk to it. Everything here is optional: without
 * redis-server installed, `ensureRedis` returns null and the shop runs on its in-process cache.
 */
export interface RedisServerOptions {
  /** A fixed port (joined when a Redis already answers there); default a free one. */
  port?: number;
  /**
   * Keeps the data in this directory (RDB snapshots, Redis's default save points). Without it
   * nothing is written to disk (`--save "" --appendonly no`): tests and benchmarks.
   */
  dataDir?: string;
  /** Runs it as a daemon that outlives this process (`pnpm services:up`); needs `dataDir`. */
  pin?: boolean;
}

export interface RunningRedis {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** The server's pid when this process started it. */
  pid: number | undefined;
  /** Stops the server if this process started it (a joined or pinned one keeps running). */
  stop(): Promise<void>;
}

/** redis-server on PATH (or /usr/bin, /usr/local/bin), or null when it is not installed. */
export function findRedisServer(): string | null {
  return findExecutable('redis-server', ['/usr/bin', '/usr/local/bin']);
}

/** True when a Redis answers PING at 127.0.0.1:port. */
export async function isRedisAnswering(port: number): Promise<boolean> {
  const conn = new RespConnection({ host: '127.0.0.1', port, connectTimeoutMs: 1_000 });
  try {
    const [reply] = await conn.send([['PING']]);
    return reply === 'PONG';
  } catch {
    return false;
  } finally {
    conn.close();
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts a redis-server (or joins the one answering on `options.port`), bound to 127.0.0.1.
 * Returns null when redis-server is not installed.
 */
export async function ensureRedis(options: RedisServerOptions = {}): Promise<RunningRedis | null> {
  const binary = findRedisServer();
  if (!binary) return null;
  if (options.port && (await isRedisAnswering(options.port)))
    return {
      url: `redis://127.0.0.1:${options.port}`,
      port: options.port,
      pid: undefined,
      stop: async () => {},
    };
  if (options.pin && !options.dataDir) throw new Error('A pinned Redis needs a data directory.');

  const dir = options.dataDir ?? (await fs.mkdtemp(path.join(tmpdir(), 'shop-redis-')));
  await fs.mkdir(dir, { recursive: true });
  const persistence = options.dataDir
    ? ['--appendonly', 'no']
    : ['--save', '', '--appendonly', 'no'];
  const argsFor = (port: number) => [
    ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir],
    ...persistence,
  ];
  if (options.pin) {
    const port = options.port || (await freePort());
    const pidfile = path.join(dir, 'redis.pid');
    const args = [...argsFor(port), '--daemonize', 'yes', '--pidfile', pidfile];
    args.push('--logfile', path.join(dir, 'redis.log'));
    const child = spawn(binary, args, { stdio: 'ignore' });
    await exited(child);
    await waitFor(() => isRedisAnswering(port), `redis-server did not answer on port ${port}`);
    const pid = Number.parseInt(await fs.readFile(pidfile, 'utf8'), 10);
    return { url: `redis://127.0.0.1:${port}`, port, pid, stop: async () => {} };
  }
  // A free port can be taken by someone else before redis-server binds it: then another one.
  for (let attempt = 1; ; attempt++) {
    const port = options.port || (await freePort());
    try {
      return await startChild(binary, argsFor(port), port, async () => {
        if (!options.dataDir) await fs.rm(dir, { recursive: true, force: true });
      });
    } catch (err) {
      if (options.port || attempt >= 3) throw err;
    }
  }
}

async function startChild(
  binary: string,
  args: string[],
  port: number,
  cleanup: () => Promise<void>,
): Promise<RunningRedis> {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  let gone = false;
  void exited(child).then(() => (gone = true));
  try {
    await waitFor(async () => {
      if (gone)
        throw new Error(
          `redis-server exited on port ${port}: ${output.trim().split('\n').slice(-3).join(' ')}`,
        );
      return isRedisAnswering(port);
    }, `redis-server did not answer on port ${port}`);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: child.pid,
    async stop() {
      if (!gone) {
        child.kill('SIGTERM');
        await exited(child);
      }
      await cleanup();
    },
  };
}

async function stopByPidFile(pidfile: string): Promise<boolean> {
  const pid = Number.parseInt(await fs.readFile(pidfile, 'utf8').catch(() => ''), 10);
  if (!Number.isInteger(pid) || !pidAlive(pid)) {
    await fs.rm(pidfile, { force: true });
    return false;
  }
  process.kill(pid, 'SIGTERM');
  await waitFor(async () => !pidAlive(pid), `process ${pid} did not stop`);
  await fs.rm(pidfile, { force: true });
  return true;
}

export interface RunningBridge {
  /** UPSTASH_REDIS_REST_URL */
  url: string;
  /** UPSTASH_REDIS_REST_TOKEN */
  token: string;
  port: number;
  stop(): Promise<void>;
}

/** The REST bridge in this process, in front of `redisUrl` (port 0 or absent: a free one). */
export async function startRedisBridge(options: {
  redisUrl: string;
  token?: string;
  port?: number;
}): Promise<RunningBridge> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const bridge = await startRedisBridgeServer({
    redisUrl: options.redisUrl,
    token,
    port: options.port,
  });
  return { url: bridge.url, token, port: bridge.port, stop: bridge.close };
}

/** Where `pnpm services:up` and `pnpm start` keep Redis and its bridge. */
export interface RedisSetup {
  dataDir: string;
  port: number;
  bridgePort: number;
}

/** The token kept in `<dataDir>/bridge-token` (made on first use), so restarts keep it. */
export async function bridgeToken(setup: RedisSetup): Promise<string> {
  const file = path.join(setup.dataDir, 'bridge-token');
  const kept = (await fs.readFile(file, 'utf8').catch(() => '')).trim();
  if (kept) return kept;
  const token = randomBytes(24).toString('base64url');
  await fs.mkdir(setup.dataDir, { recursive: true });
  await fs.writeFile(file, `${token}\n`, { mode: 0o600 });
  return token;
}

/**
 * services:up: a pinned Redis and the bridge as a detached process of its own (pid in
 * `<dataDir>/bridge.pid`), both outliving the command. Null when redis-server is not installed.
 */
export async function startPinnedRedis(
  setup: RedisSetup,
): Promise<{ redisUrl: string; url: string; token: string } | null> {
  const redis = await ensureRedis({ port: setup.port, dataDir: setup.dataDir, pin: true });
  if (!redis) return null;
  const token = await bridgeToken(setup);
  const url = `http://127.0.0.1:${setup.bridgePort}`;
  if (!(await pinnedBridgeRunning(setup))) {
    const log = await fs.open(path.join(setup.dataDir, 'bridge.log'), 'a');
    const main = path.join(path.dirname(new URL(import.meta.url).pathname), 'redis-bridge/main.ts');
    // process.execArgv carries tsx's loader, which this command runs under.
    const child = spawn(process.execPath, [...process.execArgv, main], {
      detached: true,
      stdio: ['ignore', log.fd, log.fd],
      env: {
        ...process.env,
        REDIS_BRIDGE_REDIS_URL: redis.url,
        REDIS_BRIDGE_TOKEN: token,
        REDIS_BRIDGE_PORT: String(setup.bridgePort),
      },
    });
    child.unref();
    await log.close();
    await fs.writeFile(bridgePidFile(setup), String(child.pid));
    await waitFor(
      async () => (await fetch(url, { method: 'POST' }).catch(() => null))?.status === 401,
      `The Redis REST bridge did not answer on port ${setup.bridgePort}`,
    );
  }
  return { redisUrl: redis.url, url, token };
}

const bridgePidFile = (setup: RedisSetup) => path.join(setup.dataDir, 'bridge.pid');

async function pinnedBridgeRunning(setup: RedisSetup): Promise<boolean> {
  const pid = Number.parseInt(await fs.readFile(bridgePidFile(setup), 'utf8').catch(() => ''), 10);
  return Number.isInteger(pid) && pidAlive(pid);
}

/** services:down: stops the detached bridge and the pinned Redis (which saves its data). */
export async function stopPinnedRedis(setup: RedisSetup): Promise<boolean> {
  const bridge = await stopByPidFile(bridgePidFile(setup));
  const redis = await stopByPidFile(path.join(setup.dataDir, 'redis.pid'));
  return bridge || redis;
}

export interface RedisWithBridge {
  /** UPSTASH_REDIS_REST_URL */
  url: string;
  /** UPSTASH_REDIS_REST_TOKEN */
  token: string;
  /** Stops what this process started (the bridge, then Redis); joined servers keep running. */
  stop(): Promise<void>;
}

/**
 * Redis and its bridge for one command's lifetime, or null when redis-server is not installed.
 * With a setup (`pnpm start`): the setup's Redis and data, joining the ones `services:up` runs
 * (its bridge too); the bridge listens on the setup's port, or a free one when that is taken.
 * Without (tests, benchmarks): a throwaway Redis on a free port, nothing on disk, a fresh token.
 */
export async function startRedisWithBridge(setup?: RedisSetup): Promise<RedisWithBridge | null> {
  const redis = await ensureRedis(setup && { port: setup.port, dataDir: setup.dataDir });
  if (!redis) return null;
  try {
    const token = setup ? await bridgeToken(setup) : undefined;
    if (setup && token && (await pinnedBridgeRunning(setup)))
      return { url: `http://127.0.0.1:${setup.bridgePort}`, token, stop: redis.stop };
    const bridge = await startRedisBridge({
      redisUrl: redis.url,
      token,
      port: setup?.bridgePort,
    }).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EADDRINUSE') throw err;
      return startRedisBridge({ redisUrl: redis.url, token });
    });
    return {
      url: bridge.url,
      token: bridge.token,
      async stop() {
        await bridge.stop();
        await redis.stop();
      },
    };
  } catch (err) {
    await redis.stop();
    throw err;
  }
}
