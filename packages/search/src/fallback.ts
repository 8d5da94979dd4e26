import { systemClock, type Clock } from '@shop/core';
import type { Logger } from '@shop/logger';
import type { SearchEngine } from './engine';

export interface FallbackOptions {
  logger: Logger;
  /** How long a read waits for the primary before the fallback answers it. */
  timeoutMs: number;
  /** Consecutive failures (errors or timeouts) that open the circuit (default 3). */
  failureThreshold?: number;
  /** How long an open circuit sends every read to the fallback before one probe (default 30 s). */
  cooldownMs?: number;
  clock?: Clock;
}

/** Closed: reads go to the primary. Open: to the fallback. Half-open: one probe is under way. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * A search engine whose reads (`query`, `suggest`) are answered by `primary` when it answers in
 * time, and by `fallback` when it fails or is slow, so a shopper never sees an error page
 * because Meilisearch is down: the storefront's answer then says `engine: 'postgres'`.
 *
 * A circuit breaker keeps a dead primary from costing every request its timeout: after
 * `failureThreshold` failures in a row the circuit opens and reads go straight to the fallback;
 * after `cooldownMs` one read probes the primary (half-open; the reads meanwhile still go to
 * the fallback) and closes the circuit if it succeeds, or opens it again. Every change of state
 * and every failure of the primary is logged (`warn`); the reads an open circuit sends to the
 * fallback, once per operation and state, then at most every `OPEN_LOG_INTERVAL_MS` with the
 * count of those not logged, so a busy shop does not log every request while Meilisearch is down.
 *
 * Writes (`configure`, `upsert`, `delete`, `scan`, `rebuild`) go to the primary unwrapped: the
 * index sync keeps each engine in step on its own and retries a failed write, so a write must
 * fail loudly, never land silently in the other engine.
 */
/** While the circuit is open, how often the reads it sends to the fallback are logged. */
export const OPEN_LOG_INTERVAL_MS = 10_000;

export function fallbackEngine(
  primary: SearchEngine,
  fallback: SearchEngine,
  options: FallbackOptions,
): SearchEngine & { readonly state: CircuitState } {
  const { logger, timeoutMs } = options;
  const threshold = options.failureThreshold ?? 3;
  const cooldownMs = options.cooldownMs ?? 30_000;
  const clock = options.clock ?? systemClock;
  const log = logger.child({ search: primary.name, fallback: fallback.name });

  let state: CircuitState = 'closed';
  let failures = 0;
  let openedAt = 0;
  let probing = false;
  /** Per operation: when an open circuit's read was last logged, and how many were not since. */
  const openReads = new Map<string, { loggedAt: number; unlogged: number }>();

  function moveTo(next: CircuitState, reason: string) {
    if (next === state) return;
    log.warn(
      { circuit: next, previous: state, failures },
      `search circuit ${next}: ${primary.name} ${reason}`,
    );
    state = next;
    openReads.clear();
    if (next === 'open') openedAt = clock.now().getTime();
  }

  function logOpenRead(operation: string) {
    const now = clock.now().getTime();
    const last = openReads.get(operation);
    if (last && now - last.loggedAt < OPEN_LOG_INTERVAL_MS) {
      last.unlogged += 1;
      return;
    }
    log.warn(
      { operation, circuit: state, ...(last ? { unlogged: last.unlogged } : {}) },
      `search ${operation} answered by ${fallback.name}: the ${primary.name} circuit is ${state}`,
    );
    openReads.set(operation, { loggedAt: now, unlogged: 0 });
  }

  async function read<T>(
    operation: string,
    onPrimary: () => Promise<T>,
    onFallback: () => Promise<T>,
  ): Promise<T> {
    if (state === 'open' && clock.now().getTime() - openedAt >= cooldownMs) {
      moveTo('half-open', `is probed after ${cooldownMs} ms open`);
    }
    const isProbe = state === 'half-open' && !probing;
    if (state === 'open' || (state === 'half-open' && !isProbe)) {
      logOpenRead(operation);
      return onFallback();
    }
    if (isProbe) probing = true;
    try {
      const result = await withTimeout(onPrimary(), timeoutMs, `${primary.name} ${operation}`);
      failures = 0;
      if (state === 'half-open') moveTo('closed', 'answered the probe');
      return result;
    } catch (err) {
      failures += 1;
      const message = describe(err);
      log.warn(
        { operation, err, failures },
        `search ${operation} answered by ${fallback.name}: ${primary.name} failed (${message})`,
      );
      if (state === 'half-open') moveTo('open', `failed the probe (${message})`);
      else if (failures >= threshold) {
        moveTo('open', `failed ${failures} times in a row (last: ${message})`);
      }
      return onFallback();
    } finally {
      if (isProbe) probing = false;
    }
  }

  return {
    name: primary.name,
    get state() {
      return state;
    },
    configure: (settings) => primary.configure(settings),
    upsert: (documents) => primary.upsert(documents),
    delete: (ids) => primary.delete(ids),
    scan: (afterId, limit) => primary.scan(afterId, limit),
    rebuild: (batches, settings) => primary.rebuild(batches, settings),
    query: (query) =>
      read(
        'query',
        async () => ({ ...(await primary.query(query)), engine: primary.name }),
        async () => ({ ...(await fallback.query(query)), engine: fallback.name }),
      ),
    suggest: (prefix, limit) =>
      read(
        'suggest',
        () => primary.suggest(prefix, limit),
        () => fallback.suggest(prefix, limit),
      ),
  };
}

/**
 * An error's message with its causes' (a refused connection is "Request to ... has failed:
 * fetch failed: connect ECONNREFUSED ..."), so the log line says what went wrong.
 */
function describe(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    if (!(current instanceof Error)) {
      if (depth === 0) parts.push(String(current));
      break;
    }
    if (!parts.includes(current.message)) parts.push(current.message);
    current = current.cause;
  }
  return parts.join(': ');
}

export class SearchTimeoutError extends Error {
  override name = 'SearchTimeoutError';
}

/**
 * `promise`, or a SearchTimeoutError after `ms`. The slow call is not cancelled (the client's
 * own request timeout ends it); its late failure is swallowed, as nobody waits for it anymore.
 */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new SearchTimeoutError(`${what} took longer than ${ms} ms`)),
      ms,
    );
  });
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
