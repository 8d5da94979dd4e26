import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type { Logger } from '@shop/logger';

/**
 * Request ids: one per request at the API edge, returned as `x-request-id`, put in the error
 * data and logged with the error, so a shopper's "reference 3f9c…" finds the log line.
 */

export const REQUEST_ID_HEADER = 'x-request-id';

export function newRequestId(): string {
  return randomBytes(8).toString('hex');
}

const scope = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `fn` with `requestId` as the current request's id (read by the error formatter). */
export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return scope.run({ requestId }, fn);
}

export function currentRequestId(): string | null {
  return scope.getStore()?.requestId ?? null;
}

/** The apps' log context (`@shop/logger`'s `context`): the current request's id on every line. */
export const requestLogContext = () => ({ requestId: currentRequestId() });

/** The sentence for an unexpected failure: no detail, and the reference to quote. */
export function somethingWentWrong(requestId: string): string {
  return `Something went wrong on our side. Please try again; if it keeps happening, quote reference ${requestId}.`;
}

/**
 * Logs an unexpected failure once, at error level, with its request id, where it happened and
 * the error (`err`: message, stack and cause chain).
 */
export function logUnexpected(
  logger: Logger,
  requestId: string,
  where: string,
  err: unknown,
): void {
  logger.error({ err, requestId, where }, `${where} failed`);
}
