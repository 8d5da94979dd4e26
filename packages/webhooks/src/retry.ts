/**
 * When a failed delivery is tried again (Svix's schedule): the waits after the 1st, 2nd, …
 * failed attempt. Ten attempts in all over 3 days 8 hours 35 minutes; after the last one fails
 * the delivery is `failed` (a merchant can still redeliver it from the admin).
 */
export const DEFAULT_RETRY_SECONDS: readonly number[] = [
  5,
  5 * 60,
  30 * 60,
  2 * 3600,
  5 * 3600,
  10 * 3600,
  14 * 3600,
  20 * 3600,
  24 * 3600,
];

/**
 * The wait before the next attempt after `failedAttempts` automatic attempts failed, in
 * milliseconds, or null when the schedule ran out. ±10% jitter so that the deliveries of an
 * outage do not all come back in the same second.
 */
export function nextRetryDelayMs(
  schedule: readonly number[],
  failedAttempts: number,
  random: () => number = Math.random,
): number | null {
  const seconds = schedule[failedAttempts - 1];
  if (seconds === undefined) return null;
  return Math.round(seconds * 1000 * (0.9 + 0.2 * random()));
}
