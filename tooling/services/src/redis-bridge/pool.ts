import { RedisUnavailableError, RespConnection, type RespArg, type RespReply } from './resp';

export interface RedisPoolOptions {
  /** `redis://[:password@]host[:port][/db]` */
  url: string;
  /** Shared connections; commands are pipelined on them. */
  size?: number;
  /** A command on a shared connection that takes longer fails (and so does its connection). */
  commandTimeoutMs?: number;
  /** Idle dedicated connections kept for the next transaction or blocking command. */
  maxIdleDedicated?: number;
}

/** After a failed connect, requests fail at once for this long instead of each dialling again. */
const FAIL_FAST_MS = 250;

/**
 * A few connections to one redis-server. Plain commands and pipelines go to the least busy
 * shared connection; a transaction (MULTI … EXEC) or a blocking command takes a dedicated
 * connection of its own, so that nobody else's commands queue behind it or land inside it.
 * A broken connection is replaced on the next request, so the pool recovers by itself when
 * Redis comes back.
 */
export class RedisPool {
  private readonly host: string;
  private readonly port: number;
  private readonly init: RespArg[][];
  private readonly shared: (RespConnection | undefined)[];
  private readonly idle: RespConnection[] = [];
  private readonly commandTimeoutMs: number;
  private readonly maxIdleDedicated: number;
  private downUntil = 0;
  private lastError: Error | undefined;
  private closed = false;

  constructor(options: RedisPoolOptions) {
    const url = new URL(options.url);
    if (url.protocol !== 'redis:')
      throw new Error(`The Redis URL must start with redis:// (got ${url.protocol}//).`);
    this.host = url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
    this.port = url.port ? Number(url.port) : 6379;
    this.init = [];
    const password = decodeURIComponent(url.password);
    const username = decodeURIComponent(url.username);
    if (password) this.init.push(username ? ['AUTH', username, password] : ['AUTH', password]);
    const db = url.pathname.replace(/^\//, '');
    if (db && db !== '0') this.init.push(['SELECT', db]);
    this.shared = Array.from({ length: Math.max(1, options.size ?? 4) });
    this.commandTimeoutMs = options.commandTimeoutMs ?? 5_000;
    this.maxIdleDedicated = options.maxIdleDedicated ?? 4;
  }

  /** Runs the commands back to back on one connection and returns their replies in order. */
  async run(
    commands: readonly (readonly RespArg[])[],
    options: { dedicated?: boolean } = {},
  ): Promise<RespReply[]> {
    if (this.closed) throw new RedisUnavailableError('The bridge is shutting down');
    if (options.dedicated) return this.runDedicated(commands);
    const conn = this.pickShared();
    return this.withTimeout(conn, conn.send(commands));
  }

  private async runDedicated(commands: readonly (readonly RespArg[])[]): Promise<RespReply[]> {
    let conn = this.idle.pop();
    while (conn?.closed) conn = this.idle.pop();
    conn ??= this.connect();
    // No timeout: a blocking command waits as long as it asked to.
    const replies = await conn.send(commands);
    if (!this.closed && !conn.closed && this.idle.length < this.maxIdleDedicated)
      this.idle.push(conn);
    else conn.close();
    return replies;
  }

  private pickShared(): RespConnection {
    const live = this.shared.map((conn, i) => {
      if (conn && !conn.closed) return conn;
      const fresh = this.connect();
      this.shared[i] = fresh;
      return fresh;
    });
    return live.reduce((best, conn) => (conn.inFlight < best.inFlight ? conn : best));
  }

  private connect(): RespConnection {
    if (Date.now() < this.downUntil && this.lastError) throw this.lastError;
    const conn = new RespConnection({ host: this.host, port: this.port, init: this.init });
    conn.ready.then(
      () => {
        this.downUntil = 0;
      },
      (err: Error) => {
        this.lastError = err;
        this.downUntil = Date.now() + FAIL_FAST_MS;
      },
    );
    return conn;
  }

  private async withTimeout<T>(conn: RespConnection, work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = new RedisUnavailableError(
          `Redis did not answer within ${this.commandTimeoutMs} ms`,
        );
        conn.fail(err);
        reject(err);
      }, this.commandTimeoutMs);
    });
    try {
      return await Promise.race([work, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.closed = true;
    for (const conn of [...this.shared, ...this.idle.splice(0)]) conn?.close();
  }
}
