import net from 'node:net';

/**
 * A minimal RESP2 client for the REST bridge: commands are written as arrays of bulk strings,
 * replies are parsed incrementally and matched to their commands in order (Redis answers each
 * connection's commands in the order they arrived, so many requests can be in flight on one
 * connection). Bulk strings stay Buffers (the bridge decides how to encode them), simple strings
 * are strings, integers are numbers, nil is null, and error replies are `RedisReplyError`
 * values inside the result (a pipeline's or a transaction's other replies are still good).
 */
export type RespReply = string | Buffer | number | null | RedisReplyError | RespReply[];

/** An error reply from Redis (`-ERR …`): the command was answered, with an error. */
export class RedisReplyError extends Error {
  override name = 'RedisReplyError';
}

/** Redis could not be reached, or the connection broke before the reply arrived. */
export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

export type RespArg = string | Buffer;

export function encodeCommand(args: readonly RespArg[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = typeof arg === 'string' ? Buffer.from(arg, 'utf8') : arg;
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, CRLF);
  }
  return Buffer.concat(parts);
}

const CRLF = Buffer.from('\r\n');
const INCOMPLETE = Symbol('incomplete');

/**
 * Incremental RESP2 parser: feed it chunks, take complete replies. Arrays nest; a reply that is
 * not complete yet leaves the buffer untouched until more bytes arrive.
 */
export class RespParser {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): RespReply[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const replies: RespReply[] = [];
    for (;;) {
      const parsed = this.parse(0);
      if (parsed === INCOMPLETE) break;
      replies.push(parsed.value);
      this.buffer = this.buffer.subarray(parsed.end);
      if (this.buffer.length === 0) break;
    }
    return replies;
  }

  private parse(start: number): { value: RespReply; end: number } | typeof INCOMPLETE {
    const lineEnd = this.buffer.indexOf(CRLF, start);
    if (lineEnd < 0) return INCOMPLETE;
    const type = String.fromCharCode(this.buffer[start] ?? 0);
    const line = this.buffer.toString('utf8', start + 1, lineEnd);
    const next = lineEnd + 2;
    switch (type) {
      case '+':
        return { value: line, end: next };
      case '-':
        return { value: new RedisReplyError(line), end: next };
      case ':':
        return { value: Number(line), end: next };
      case '$': {
        const length = Number.parseInt(line, 10);
        if (length < 0) return { value: null, end: next };
        if (this.buffer.length < next + length + 2) return INCOMPLETE;
        return {
          value: Buffer.from(this.buffer.subarray(next, next + length)),
          end: next + length + 2,
        };
      }
      case '*': {
        const count = Number.parseInt(line, 10);
        if (count < 0) return { value: null, end: next };
        const items: RespReply[] = [];
        let end = next;
        for (let i = 0; i < count; i++) {
          const item = this.parse(end);
          if (item === INCOMPLETE) return INCOMPLETE;
          items.push(item.value);
          end = item.end;
        }
        return { value: items, end };
      }
      default:
        throw new Error(`Unexpected RESP reply type ${JSON.stringify(type)}`);
    }
  }
}

interface Pending {
  resolve(reply: RespReply): void;
  reject(err: Error): void;
}

export interface RespConnectionOptions {
  host: string;
  port: number;
  /** How long connecting may take (ms). */
  connectTimeoutMs?: number;
  /** Commands sent first on the new connection (AUTH, SELECT); an error reply fails it. */
  init?: readonly (readonly RespArg[])[];
}

/**
 * One connection to redis-server. `send` writes any number of commands in one write (so that
 * nothing else lands between them, which is what a MULTI … EXEC block needs) and resolves with
 * their replies in order. When the socket breaks, everything in flight rejects with
 * `RedisUnavailableError` and the connection is `closed` for good; the pool makes a new one.
 */
export class RespConnection {
  private readonly socket: net.Socket;
  private readonly parser = new RespParser();
  private readonly pending: Pending[] = [];
  private failure: Error | undefined;
  readonly ready: Promise<void>;

  constructor(options: RespConnectionOptions) {
    const where = `${options.host}:${options.port}`;
    this.socket = net.connect({ host: options.host, port: options.port, noDelay: true });
    this.socket.setKeepAlive(true, 10_000);
    const timeout = setTimeout(
      () => this.fail(new RedisUnavailableError(`Redis at ${where} did not accept a connection`)),
      options.connectTimeoutMs ?? 2_000,
    );
    const connected = new Promise<void>((resolve, reject) => {
      this.socket.once('connect', () => {
        clearTimeout(timeout);
        resolve();
      });
      this.socket.once('close', () => {
        clearTimeout(timeout);
        reject(
          this.failure ?? new RedisUnavailableError(`Redis at ${where} closed the connection`),
        );
      });
    });
    this.ready = connected.then(async () => {
      if (!options.init?.length) return;
      const replies = await this.write(options.init);
      const refused = replies.find((r) => r instanceof RedisReplyError);
      if (refused) {
        const err = new RedisUnavailableError(
          `Redis at ${where} refused the connection: ${refused.message}`,
        );
        this.fail(err);
        throw err;
      }
    });
    // Rejections of `ready` are observed by whoever awaits it; never let one go unhandled.
    this.ready.catch(() => undefined);
    this.socket.on('data', (chunk: Buffer) => {
      let replies: RespReply[];
      try {
        replies = this.parser.push(chunk);
      } catch (err) {
        this.fail(new RedisUnavailableError(`Redis at ${where} sent ${(err as Error).message}`));
        return;
      }
      for (const reply of replies) this.pending.shift()?.resolve(reply);
    });
    this.socket.on('error', (err: NodeJS.ErrnoException) =>
      this.fail(
        new RedisUnavailableError(`Redis at ${where} is unavailable: ${err.code ?? err.message}`),
      ),
    );
    this.socket.on('close', () =>
      this.fail(new RedisUnavailableError(`Redis at ${where} closed the connection`)),
    );
  }

  get closed(): boolean {
    return this.failure !== undefined;
  }

  /** Commands in flight (the pool sends new ones to the least busy connection). */
  get inFlight(): number {
    return this.pending.length;
  }

  async send(commands: readonly (readonly RespArg[])[]): Promise<RespReply[]> {
    await this.ready;
    return this.write(commands);
  }

  private write(commands: readonly (readonly RespArg[])[]): Promise<RespReply[]> {
    if (this.failure) return Promise.reject(this.failure);
    const replies = commands.map(
      () =>
        new Promise<RespReply>((resolve, reject) => {
          this.pending.push({ resolve, reject });
        }),
    );
    this.socket.write(Buffer.concat(commands.map(encodeCommand)));
    return Promise.all(replies);
  }

  /** Fails what is in flight and closes the socket (timeouts, a reply that cannot be parsed). */
  fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.splice(0)) p.reject(this.failure);
    this.socket.destroy();
  }

  close(): void {
    this.fail(new RedisUnavailableError('The connection was closed'));
  }
}
