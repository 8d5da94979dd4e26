import { TRPCError } from '@trpc/server';
import { logUnexpected, newRequestId, somethingWentWrong } from '@shop/api/edge';
import type { Logger } from '@shop/logger';

/**
 * The sentence a server action shows for a failed in-process router call: the first input
 * issue, or the router's own sentence (NOT_FOUND, CONFLICT, FORBIDDEN…). An unexpected failure
 * (the database down) is logged once with a new reference and gets the API's generic sentence
 * quoting it, never the driver's text. Anything that is not a router error (a redirect) is
 * thrown on.
 */
export function actionMessage(err: unknown, logger: Logger, where: string): string {
  if (!(err instanceof TRPCError)) throw err;
  const cause: unknown = err.cause;
  if (cause && typeof cause === 'object' && 'issues' in cause && Array.isArray(cause.issues)) {
    const issue: unknown = cause.issues[0];
    if (issue && typeof issue === 'object' && 'message' in issue) return String(issue.message);
  }
  if (err.code !== 'INTERNAL_SERVER_ERROR') return err.message;
  const requestId = newRequestId();
  logUnexpected(logger, requestId, where, err);
  return somethingWentWrong(requestId);
}
