export interface BreakerOptions {
  /** Consecutive failed calls that open the breaker (default 5). */
  failureThreshold?: number;
  /** How long an open breaker refuses calls before it lets one probe through (default 10 s). */
  cooldownMs?: number;
}

/**
 * A circuit breaker over a remote store: closed (calls go through) → open after
 * `failureThreshold` consecutive failures (calls are refused at once, nobody waits on a dead
 * service) → half-open after `cooldownMs` (one probe goes through; its success closes the
 * breaker, its failure opens it for another cooldown). A failure burst is logged once, when it
 * starts, and once more when the service answers again.
 */
export function createBreaker(
  options: BreakerOptions & { now: () => number; log: (message: string) => void },
) {
  const threshold = options.failureThreshold ?? 5;
  const cooldownMs = options.cooldownMs ?? 10_000;
  let state: 'closed' | 'open' | 'half-open' = 'closed';
  let failures = 0;
  let openedAt = 0;
  let probing = false;

  return {
    get state() {
      return state;
    },
    /** Whether a call may be made now. */
    allow(): boolean {
      if (state === 'closed') return true;
      if (state === 'open') {
        if (options.now() - openedAt < cooldownMs) return false;
        state = 'half-open';
        probing = false;
      }
      if (probing) return false;
      probing = true;
      return true;
    },
    succeeded() {
      if (failures > 0 || state !== 'closed')
        options.log('redis cache: Redis answers again; the cache is back in use.');
      state = 'closed';
      failures = 0;
      probing = false;
    },
    failed(operation: string, err: unknown) {
      const reason = err instanceof Error ? err.message : String(err);
      if (failures === 0 && state === 'closed')
        options.log(
          `redis cache: ${operation} failed (${reason}); reads fall through to the database and writes are dropped until Redis answers.`,
        );
      failures++;
      probing = false;
      if (state === 'half-open' || failures >= threshold) {
        if (state === 'closed')
          options.log(
            `redis cache: ${failures} failed calls in a row; not calling Redis for ${cooldownMs} ms.`,
          );
        state = 'open';
        openedAt = options.now();
      }
    },
  };
}
