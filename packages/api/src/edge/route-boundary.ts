import { isDatabaseUnavailable } from '@shop/db/transaction';
import type { Logger } from '@shop/logger';
import { httpMetrics } from '@shop/observability';
import { DATABASE_RETRY_SECONDS, DATABASE_UNAVAILABLE_MESSAGE } from '../errors';
import { checkedRequest, RequestRejectedError } from './body';
import {
  logUnexpected,
  newRequestId,
  REQUEST_ID_HEADER,
  runWithRequestId,
  somethingWentWrong,
} from './request-id';

export interface RouteLimits {
  /** Label for the log (`auth`, `webhooks/stripe`). */
  name: string;
  /** Body budget of this route (see docs/limits.md). */
  maxBodyBytes: number;
  /**
   * Where failures are logged (the app's `getLogger`): asked for on a request, not when the
   * route module is imported, so importing a route at build time builds nothing.
   */
  logger: () => Logger;
}

function jsonError(
  status: number,
  message: string,
  code: string,
  requestId: string,
  extraHeaders: Record<string, string> = {},
): Response {
  return Response.json(
    { message, code, requestId },
    { status, headers: { [REQUEST_ID_HEADER]: requestId, ...extraHeaders } },
  );
}

const CODES: Record<number, string> = { 400: 'BAD_REQUEST', 413: 'PAYLOAD_TOO_LARGE' };

/**
 * The error boundary and request limits for a plain route handler (better-auth's routes, the
 * Stripe webhook, revalidation): the body is read within `maxBodyBytes` (413) and JSON nesting
 * checked (400) before the handler sees it; a thrown error or a 5xx answer is logged once with
 * a request id and replaced by a generic sentence quoting it, so no library's or driver's text
 * reaches the caller; a database that cannot be reached is a 503 with `Retry-After` instead. The handler runs with the request id current, so every line it logs
 * carries it. Errors are `{ message, code, requestId }` (better-auth's client reads
 * `message`). A 429 gets a standard `Retry-After` (better-auth only sets `X-Retry-After`).
 */
export function withRouteBoundary(
  limits: RouteLimits,
  handler: (req: Request) => Promise<Response>,
): (req: Request) => Promise<Response> {
  // Timed under the route's name (`auth`, `webhooks/stripe`), whatever its URL.
  return httpMetrics(limits.name, boundary(limits, handler));
}

function boundary(
  limits: RouteLimits,
  handler: (req: Request) => Promise<Response>,
): (req: Request) => Promise<Response> {
  return async (incoming) => {
    const requestId = newRequestId();
    let req: Request;
    try {
      req = await checkedRequest(incoming, limits.maxBodyBytes);
    } catch (err) {
      if (err instanceof RequestRejectedError) {
        return jsonError(err.status, err.message, CODES[err.status] ?? 'BAD_REQUEST', requestId);
      }
      throw err;
    }
    let response: Response;
    try {
      response = await runWithRequestId(requestId, () => handler(req));
    } catch (err) {
      logUnexpected(limits.logger(), requestId, `${limits.name} ${new URL(req.url).pathname}`, err);
      if (isDatabaseUnavailable(err))
        return jsonError(503, DATABASE_UNAVAILABLE_MESSAGE, 'SERVICE_UNAVAILABLE', requestId, {
          'retry-after': String(DATABASE_RETRY_SECONDS),
        });
      return jsonError(500, somethingWentWrong(requestId), 'INTERNAL_SERVER_ERROR', requestId);
    }
    if (response.status >= 500) {
      const text = await response.text().catch(() => '');
      logUnexpected(
        limits.logger(),
        requestId,
        `${limits.name} ${new URL(req.url).pathname}`,
        new Error(`answered ${response.status}: ${text.slice(0, 2000)}`),
      );
      return jsonError(
        response.status,
        somethingWentWrong(requestId),
        'INTERNAL_SERVER_ERROR',
        requestId,
      );
    }
    const headers = new Headers(response.headers);
    headers.set(REQUEST_ID_HEADER, requestId);
    const wait = headers.get('x-retry-after');
    if (response.status === 429 && wait && !headers.has('retry-after'))
      headers.set('retry-after', wait);
    return new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  };
}
