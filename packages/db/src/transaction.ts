import type { Database } from './client';

/**
 * SQLSTATEs after which the whole transaction may simply run again: a serialization failure
 * (40001) and a deadlock (40P01). Postgres rolled the transaction back, so nothing of it stuck.
 */
const RETRYABLE = new Set(['40001', '40P01']);

/** The SQLSTATE of a Postgres error, looking through the query wrappers Drizzle adds. */
export function sqlState(err: unknown): string | null {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * The constraint a Postgres error names (unique and check violations), through Drizzle's wrappers:
 * `constraint` on node-postgres errors, `constraint_name` on postgres.js ones.
 */
export function violatedConstraint(err: unknown): string | null {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const named = e as { constraint?: unknown; constraint_name?: unknown };
    const constraint = named.constraint ?? named.constraint_name;
    if (typeof constraint === 'string') return constraint;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * Errors that mean the database could not be reached or dropped the connection (refused, reset,
 * timed out, shut down, out of connection slots), from either driver: not the request's fault,
 * so the edge answers 503 with `Retry-After`, not 500. SQLSTATE class 08 is a connection
 * exception; 57P01–57P03 are shutdowns and "cannot connect now"; 53300 is no free slot.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (UNAVAILABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
    }
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

const UNAVAILABLE_CODES = new Set([
  // Postgres
  '57P01',
  '57P02',
  '57P03',
  '53300',
  // Node's sockets
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  // postgres.js
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);
/** node-postgres says these in words only. */
const UNAVAILABLE_MESSAGES =
  /^(Connection terminated( unexpectedly| due to connection timeout)?|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable)$/;

export function isRetryableTransactionError(err: unknown): boolean {
  const state = sqlState(err);
  return state !== null && RETRYABLE.has(state);
}

export interface RetryOptions {
  /** Runs in all, the first included (default 5). */
  attempts?: number;
  /** Other errors that mean "run it again" (e.g. a unique index a concurrent writer won). */
  retryIf?: (err: unknown) => boolean;
}

/**
 * The one place where transactions that lost a race to a deadlock or a serialization failure
 * are run again, up to a bounded number of times with a short jittered backoff; any other error,
 * or the last failure, goes to the caller. `fn` must have no effect outside the database (no
 * provider call, no mail), because it may run more than once.
 */
export async function runTransaction<T>(
  db: Database,
  fn: (tx: Database) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(fn);
    } catch (err) {
      const again = isRetryableTransactionError(err) || (options.retryIf?.(err) ?? false);
      if (!again || attempt >= attempts) throw err;
      // 5–20 ms, then 10–40 ms, ...: long enough for the winner to commit.
      const base = 5 * 2 ** (attempt - 1);
      await new Promise((resolve) => setTimeout(resolve, base + Math.random() * base * 3));
    }
  }
}
