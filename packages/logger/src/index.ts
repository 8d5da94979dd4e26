import { pino, type DestinationStream, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { readLoggerEnv, type LogFormat, type LoggerEnv, type LogLevel } from './env';

export type { Logger } from 'pino';
export { LOG_FORMATS, LOG_LEVELS, readLoggerEnv } from './env';
export type { LogFormat, LoggerEnv, LogLevel } from './env';

/**
 * Fields every line of a logger carries, read when the line is written: the request id of the
 * request being served (`@shop/api` keeps it in AsyncLocalStorage), so that a shopper's
 * "reference 3f9c…" finds every line of that request. Keys whose value is null or undefined
 * are left out.
 */
export type LogContext = () => Record<string, unknown>;

export interface CreateLoggerOptions {
  /** Lines below this level are dropped (default `info`). */
  level?: LogLevel;
  /** One readable line per entry instead of JSON (development). */
  pretty?: boolean;
  /** The process or component (`storefront`, `worker`, `migrate`), on every line as `name`. */
  name?: string;
  context?: LogContext;
  /** Where lines go (default stdout); tests pass a stream that keeps them. */
  destination?: DestinationStream;
}

/** The options `createLogger` takes from the logger's env fragment (`readLoggerEnv`). */
export function loggerOptions(env: { LOG_LEVEL: LogLevel; LOG_FORMAT: LogFormat }) {
  return { level: env.LOG_LEVEL, pretty: env.LOG_FORMAT === 'pretty' };
}

/** `createLogger` with the level and format of the logger's env fragment (read now by default). */
export function loggerFromEnv(
  options: Omit<CreateLoggerOptions, 'level' | 'pretty'> = {},
  env: LoggerEnv = readLoggerEnv(),
): Logger {
  return createLogger({ ...options, ...loggerOptions(env) });
}

/**
 * A pino logger. Written synchronously on the calling thread (no worker-thread transport:
 * Next.js bundling cannot follow one), so a line written before `process.exit` is not lost.
 * `err` fields are serialised with their message, stack and cause chain.
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const context = options.context;
  const out = options.destination ?? pino.destination({ dest: 1, sync: true });
  const destination = options.pretty === true ? prettyLines(out, !options.destination) : out;
  return pino(
    {
      level: options.level ?? 'info',
      ...(options.name ? { name: options.name } : {}),
      timestamp: pino.stdTimeFunctions.isoTime,
      ...(context ? { mixin: () => presentFields(context()) } : {}),
    },
    destination,
  );
}

/**
 * pino-pretty's formatter applied line by line on the calling thread (its stream form pipes
 * through Node streams, which may hold a line past `process.exit`): `12:00:01.234 INFO
 * (storefront): cart merged {"requestId":"3f9c…"}`, colours only on a terminal.
 */
function prettyLines(out: DestinationStream, toTerminal: boolean): DestinationStream {
  const format = prettyFactory({
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
    colorize: toTerminal && process.stdout.isTTY === true,
  });
  return { write: (line: string) => out.write(format(line)) };
}

function presentFields(fields: Record<string, unknown>): Record<string, unknown> {
  const present: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value !== null && value !== undefined) present[key] = value;
  }
  return present;
}
