import type { Logger } from '@shop/logger';
import { metrics, trpcRouteLabel, withSpan } from '@shop/observability';
import { TRPCError, type AnyTRPCRouter, type inferRouterContext } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { DatabaseUnavailableError } from '../errors';
import { LimiterUnavailableError } from '../rate-limits';
import { retryAfterOf } from '../trpc/shared';
import { checkedRequest, RequestRejectedError } from './body';
import { logUnexpected, newRequestId, REQUEST_ID_HEADER, runWithRequestId } from './request-id';

/** Calls one HTTP request may batch; a bigger batch is refused whole, before anything runs. */
export const MAX_BATCH_SIZE = 10;

export interface TrpcEdgeOptions<TRouter extends AnyTRPCRouter> {
  req: Request;
  router: TRouter;
  /** Body budget of this API (see docs/limits.md). */
  maxBodyBytes: number;
  maxBatchSize?: number;
  /** Where unexpected errors are logged (the app's `getLogger`), asked for when one happens. */
  logger: () => Logger;
  /**
   * The context of `router`'s app for this request (`createStorefrontContext`,
   * `createAdminContext`); called only for requests that passed the limits.
   */
  createContext: (opts: {
    req: Request;
    resHeaders: Headers;
  }) => inferRouterContext<TRouter> | Promise<inferRouterContext<TRouter>>;
}

/**
 * The public tRPC endpoint with its error boundary and request limits, shared by both apps:
 * the body is read within `maxBodyBytes` (413) and its nesting checked (400) before tRPC parses
 * it; a batch over `maxBatchSize` is refused (400) before any call runs; every response carries
 * `x-request-id`; an unexpected error is logged once with that id and answered with a generic
 * sentence quoting it (see the error formatter in ../trpc/shared.ts). Refusals use tRPC's own error
 * shape and status, so clients parse them like any other error.
 */
export async function handleTrpcRequest<TRouter extends AnyTRPCRouter>(
  opts: TrpcEdgeOptions<TRouter>,
): Promise<Response> {
  // Timed (and traced) under each procedure of the batch; a path the router lacks is one label.
  const started = performance.now();
  const procedures = opts.router._def.procedures as Record<string, unknown>;
  const isProcedure = (path: string) => Object.hasOwn(procedures, path);
  const routes = trpcRouteLabel(opts.req.url, isProcedure, opts.maxBatchSize ?? MAX_BATCH_SIZE);
  let status = 500;
  try {
    const response = await withSpan(
      `trpc ${routes.join(',')}`,
      { 'trpc.procedures': routes.join(',') },
      () => answerTrpcRequest(opts),
    );
    status = response.status;
    return response;
  } finally {
    const seconds = (performance.now() - started) / 1000;
    for (const route of routes) metrics.observeRequest(route, opts.req.method, status, seconds);
  }
}

async function answerTrpcRequest<TRouter extends AnyTRPCRouter>(
  opts: TrpcEdgeOptions<TRouter>,
): Promise<Response> {
  const requestId = newRequestId();
  const maxBatchSize = opts.maxBatchSize ?? MAX_BATCH_SIZE;
  return runWithRequestId(requestId, async () => {
    let rejection: TRPCError | null = null;
    let req = opts.req;
    try {
      req = await checkedRequest(opts.req, opts.maxBodyBytes);
    } catch (err) {
      if (!(err instanceof RequestRejectedError)) throw err;
      rejection = new TRPCError({
        code: err.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST',
        message: err.message,
      });
      // tRPC still answers per call (paths come from the URL); the body is never parsed.
      const headers = new Headers({ 'content-type': 'application/json' });
      req = new Request(opts.req.url, { method: opts.req.method, headers });
    }
    const response = await fetchRequestHandler({
      endpoint: '/api/trpc',
      req,
      router: opts.router,
      createContext: ({ req: request, resHeaders, info }) => {
        if (rejection) throw rejection;
        if (info.calls.length > maxBatchSize) {
          throw new TRPCError({
            code: 'BAD_REQUEST',
            message: `A request may batch at most ${maxBatchSize} calls; this one has ${info.calls.length}.`,
          });
        }
        return opts.createContext({ req: request, resHeaders });
      },
      onError: ({ error, path }) => {
        // Limiter and database outages are answered with their own 503 sentences, but they are
        // failures all the same: logged once, with the cause.
        if (
          error.code === 'INTERNAL_SERVER_ERROR' ||
          error.cause instanceof LimiterUnavailableError ||
          error.cause instanceof DatabaseUnavailableError
        ) {
          logUnexpected(opts.logger(), requestId, path ?? '(no procedure)', error.cause ?? error);
        }
      },
      responseMeta: ({ errors }) => {
        const waits = errors.map(retryAfterOf).filter((s): s is number => s !== null);
        return waits.length > 0
          ? { headers: new Headers({ 'retry-after': String(Math.max(...waits)) }) }
          : {};
      },
    });
    const headers = new Headers(response.headers);
    headers.set(REQUEST_ID_HEADER, requestId);
    return new Response(response.body, { status: response.status, headers });
  });
}
