import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RedisPool } from './pool';
import { RedisReplyError, RedisUnavailableError, type RespReply } from './resp';

/**
 * Upstash's REST protocol in front of a real redis-server, as `@upstash/redis` speaks it:
 *
 * - `POST /` with a JSON array (`["SET", "k", "v", "EX", 60]`) → `{ "result": … }`
 * - `POST /pipeline` with an array of such arrays → `[{ "result": … } | { "error": "…" }, …]`
 * - `POST /multi-exec`: the same, run as one MULTI … EXEC transaction
 * - `Authorization: Bearer <token>`; without it or with another token: 401
 * - `Upstash-Encoding: base64` (the SDK's default): every string in the result is base64 (the
 *   bytes exactly as Redis holds them), integers stay numbers and nil stays null
 * - a Redis error reply: 400 `{ "error": "<Redis's message>" }` (in a pipeline: that entry)
 * - Redis unreachable: 503 `{ "error": "Redis is unavailable: …" }`; the bridge keeps running and
 *   reconnects on a later request
 */
export interface RedisBridgeOptions {
  /** `redis://[:password@]host:port[/db]` */
  redisUrl: string;
  token: string;
  /** 0 (the default) takes a free port. */
  port?: number;
  host?: string;
  /** Request bodies over this many bytes get 413 (default 1 MiB). */
  maxBodyBytes?: number;
  poolSize?: number;
  commandTimeoutMs?: number;
}

export interface RunningRedisBridge {
  /** `http://127.0.0.1:<port>`: what UPSTASH_REDIS_REST_URL is set to. */
  url: string;
  port: number;
  close(): Promise<void>;
}

type Command = [string, ...(string | number | boolean)[]];

const nameOf = (command: Command) => command[0].toUpperCase();

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Commands that would change or take over the shared connection's state. */
const REFUSED = new Set([
  'AUTH',
  'CLIENT',
  'DISCARD',
  'EXEC',
  'HELLO',
  'MONITOR',
  'MULTI',
  'PSUBSCRIBE',
  'PSYNC',
  'PUNSUBSCRIBE',
  'QUIT',
  'REPLCONF',
  'RESET',
  'SELECT',
  'SHUTDOWN',
  'SSUBSCRIBE',
  'SUBSCRIBE',
  'SUNSUBSCRIBE',
  'SYNC',
  'UNSUBSCRIBE',
  'UNWATCH',
  'WATCH',
]);

/** Commands that may wait: they run on a dedicated connection, without the command timeout. */
const BLOCKING = new Set([
  'BLMOVE',
  'BLMPOP',
  'BLPOP',
  'BRPOP',
  'BRPOPLPUSH',
  'BZMPOP',
  'BZPOPMAX',
  'BZPOPMIN',
  'WAIT',
  'WAITAOF',
]);

function isBlocking(command: Command): boolean {
  const name = nameOf(command);
  if (BLOCKING.has(name)) return true;
  return (
    (name === 'XREAD' || name === 'XREADGROUP') &&
    command.some((arg) => String(arg).toUpperCase() === 'BLOCK')
  );
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** A reply as JSON: strings base64-encoded when the client asked for it. */
function encodeReply(reply: RespReply, base64: boolean): unknown {
  if (reply === null || typeof reply === 'number') return reply;
  if (Array.isArray(reply)) return reply.map((item) => encodeReply(item, base64));
  if (reply instanceof RedisReplyError) return encodeReply(reply.message, base64);
  if (typeof reply === 'string') return base64 ? Buffer.from(reply).toString('base64') : reply;
  return reply.toString(base64 ? 'base64' : 'utf8');
}

function entry(reply: RespReply, base64: boolean): { result: unknown } | { error: string } {
  return reply instanceof RedisReplyError
    ? { error: reply.message }
    : { result: encodeReply(reply, base64) };
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > limit) {
      reject(new HttpError(413, `The request body is over the ${limit}-byte limit.`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        reject(new HttpError(413, `The request body is over the ${limit}-byte limit.`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function isCommand(value: unknown): value is Command {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    typeof value[0] === 'string' &&
    value.every(
      (arg) =>
        typeof arg === 'string' ||
        typeof arg === 'boolean' ||
        (typeof arg === 'number' && Number.isFinite(arg)),
    )
  );
}

const COMMAND_SHAPE =
  'a JSON array of the command name and its arguments (strings or numbers), like ["SET", "key", "value"]';

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.');
  }
}

function parseCommand(body: Buffer): Command {
  const parsed = parseJson(body);
  if (!isCommand(parsed)) throw new HttpError(400, `The request body must be ${COMMAND_SHAPE}.`);
  return parsed;
}

function parseCommands(body: Buffer): Command[] {
  const parsed = parseJson(body);
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every(isCommand))
    throw new HttpError(
      400,
      `The request body must be a non-empty array of commands, each ${COMMAND_SHAPE}.`,
    );
  return parsed;
}

function refusal(command: Command): string | undefined {
  return REFUSED.has(nameOf(command))
    ? `ERR the REST bridge does not run ${nameOf(command)}`
    : undefined;
}

const asArgs = (command: Command) => command.map((arg) => String(arg));

export async function startRedisBridgeServer(
  options: RedisBridgeOptions,
): Promise<RunningRedisBridge> {
  if (!options.token) throw new Error('The Redis REST bridge needs a token.');
  const expected = digest(`Bearer ${options.token}`);
  const limit = options.maxBodyBytes ?? 1024 * 1024;
  const pool = new RedisPool({
    url: options.redisUrl,
    size: options.poolSize,
    commandTimeoutMs: options.commandTimeoutMs,
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const route =
      path === '/'
        ? 'single'
        : path === '/pipeline'
          ? 'pipeline'
          : path === '/multi-exec'
            ? 'multi'
            : undefined;
    if (!route)
      throw new HttpError(404, `No such endpoint: ${path}. Use /, /pipeline or /multi-exec.`);
    if (req.method !== 'POST')
      throw new HttpError(405, `Send commands with POST, not ${req.method}.`);
    const given = req.headers.authorization;
    if (!given || !timingSafeEqual(digest(given), expected))
      throw new HttpError(401, 'Unauthorized');
    const body = await readBody(req, limit);
    const base64 = String(req.headers['upstash-encoding']).toLowerCase() === 'base64';

    if (route === 'single') {
      const command = parseCommand(body);
      const refused = refusal(command);
      if (refused) throw new HttpError(400, refused);
      const [reply = null] = await pool.run([asArgs(command)], {
        dedicated: isBlocking(command),
      });
      if (reply instanceof RedisReplyError) throw new HttpError(400, reply.message);
      sendJson(res, 200, { result: encodeReply(reply, base64) });
      return;
    }
    const commands = parseCommands(body);
    if (route === 'pipeline') {
      // A refused command is that entry's error; the others still run, as in any pipeline.
      const runnable = commands.filter((c) => !refusal(c));
      const replies = runnable.length
        ? await pool.run(runnable.map(asArgs), { dedicated: runnable.some(isBlocking) })
        : [];
      let next = 0;
      sendJson(
        res,
        200,
        commands.map((c) => {
          const refused = refusal(c);
          return refused ? { error: refused } : entry(replies[next++] ?? null, base64);
        }),
      );
      return;
    }
    const refused = commands.map(refusal).find(Boolean);
    if (refused) throw new HttpError(400, refused);
    const replies = await pool.run([['MULTI'], ...commands.map(asArgs), ['EXEC']], {
      dedicated: true,
    });
    const queued = replies.slice(1, -1);
    const rejected = queued.find((r): r is RedisReplyError => r instanceof RedisReplyError);
    const exec = replies.at(-1);
    if (rejected || !Array.isArray(exec)) {
      const reason =
        rejected?.message ?? (exec instanceof RedisReplyError ? exec.message : 'aborted');
      throw new HttpError(400, `EXECABORT Transaction discarded because of an error: ${reason}`);
    }
    sendJson(
      res,
      200,
      exec.map((reply) => entry(reply, base64)),
    );
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof HttpError) {
        if (err.status === 413) res.setHeader('connection', 'close');
        sendJson(res, err.status, { error: err.message });
      } else if (err instanceof RedisUnavailableError) {
        sendJson(res, 503, { error: `Redis is unavailable: ${err.message}` });
      } else {
        console.error('[redis-bridge]', err);
        sendJson(res, 500, { error: 'The Redis REST bridge failed to handle the request.' });
      }
      // Whatever is left of an unread body is drained, so the connection can be reused.
      req.resume();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1'}:${port}`,
    port,
    close: async () => {
      pool.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
