import type { Logger } from '@shop/logger';
import { initTRPC, TRPCError, type TRPCDefaultErrorShape } from '@trpc/server';
import type { Storage } from '@shop/storage';
import type { Database } from '@shop/db/client';
import {
  isCommerceError,
  type CheckoutHooks,
  type CheckoutPayments,
  type Clock,
  type ProductSearch,
} from '@shop/core';
import type { AdminPlugin } from '@shop/validators';
import type { SearchEngine } from '@shop/search';
import superjson from 'superjson';
import { ZodError, z } from 'zod';
import { currentRequestId, newRequestId, somethingWentWrong } from '../edge/request-id';
import { DATABASE_UNAVAILABLE_MESSAGE, DatabaseUnavailableError, toTRPCError } from '../errors';
import { isDatabaseUnavailable, sqlState } from '@shop/db/transaction';
import { enforceRateLimit, type RateLimiter, type RateRule } from '../rate-limits';

/**
 * What the API takes from the process's Shop (`createShop` in `@shop/runtime` builds one per
 * app; its `Shop` has all of this and more). Declared here as a port, so this package depends on
 * no composition root: tests hand in their own.
 */
export interface ApiShop {
  /** The primary: carts, checkout, accounts, the admin. */
  db: Database;
  /** Catalog reads (products, listings, regions); the primary until a replica is set up. */
  readDb: Database;
  payments: CheckoutPayments;
  /** The shared fixed-window limiter (`@shop/auth/rate-limit` over `rate_limits`). */
  rateLimiter: RateLimiter;
  /** The time the core asks for. */
  clock: Clock;
  /**
   * The search port's engine for listings and facets; absent: the Postgres engine over
   * `readDb` (what the Shop configures by default).
   */
  search?: ProductSearch;
  /**
   * Every search index kept in step with the catalog (the Shop's `searchIndexes`, Postgres
   * first): the admin configures each after a settings change; absent: the Postgres engine's.
   */
  searchIndexes?: readonly SearchEngine[];
  /**
   * Where work done after a response (the search report's row) reports failures, and where API
   * token calls are logged; absent: dropped.
   */
  logger?: Pick<Logger, 'warn' | 'info'>;
  /** The plugins' checkout hooks (`startCheckout`); absent: none. */
  checkoutHooks?: CheckoutHooks | undefined;
  /** The plugins and their settings (the admin's `admin.plugins.*`); absent: no plugins. */
  plugins?: ApiPlugins;
  /** Uploaded files (`@shop/storage`): product images; absent: none. */
  storage?: Storage;
}

/** What the admin reads and changes of the Shop's plugins (`@shop/plugins`' host). */
export interface ApiPlugins {
  list(): Promise<AdminPlugin[]>;
  /** Throws CommerceError NOT_FOUND (no such plugin) or INVALID_INPUT (the schema's sentence). */
  updateSettings(name: string, settings: Record<string, unknown>): Promise<AdminPlugin>;
}

/** What every procedure of both apps may use; each app's context adds its own on top. */
export interface SharedContext {
  db: Database;
  clock: ApiShop['clock'];
  rateLimiter: RateLimiter;
  /**
   * Who is calling, as a keyed hash of the client's address (`clientKeyFor` in
   * `@shop/env/client-address`; the raw address is never stored). Rate limits and checkout hold
   * limits count by it. Null when there is no request (scripts, tests): nothing is counted.
   */
  clientKey: string | null;
}

/** Seconds a refused caller should wait (rate limits), carried from the limiter to the response. */
export function retryAfterOf(error: unknown): number | null {
  const cause = error instanceof TRPCError ? error.cause : error;
  if (cause && typeof cause === 'object' && 'retryAfterSeconds' in cause) {
    const seconds = cause.retryAfterSeconds;
    return typeof seconds === 'number' ? seconds : null;
  }
  return null;
}

/**
 * The public face of every error, for both apps. Expected ones (CommerceError codes, input
 * schemas, auth, limits) keep their sentences; anything unexpected becomes one generic sentence
 * with the request's reference, never the driver's text or a stack. The edge logs the real error
 * under the same id.
 */
function errorFormatter({ shape, error }: { shape: TRPCDefaultErrorShape; error: TRPCError }) {
  const zodError = error.cause instanceof ZodError ? error.cause : null;
  const isUnexpected = error.code === 'INTERNAL_SERVER_ERROR';
  const requestId = currentRequestId() ?? (isUnexpected ? newRequestId() : null);
  const retryAfterSeconds = retryAfterOf(error);
  const { stack: _stack, ...publicData } = shape.data;
  return {
    ...shape,
    // Input errors read as sentences ("title: Title is required"), not a JSON dump of issues.
    message: zodError
      ? z
          .prettifyError(zodError)
          .replace(/✖ /g, '')
          .replace(/\n\s+→ at /g, ' at ')
      : isUnexpected && requestId
        ? somethingWentWrong(requestId)
        : shape.message,
    data: {
      ...publicData,
      ...(zodError ? { issues: zodError.issues } : {}),
      ...(requestId ? { requestId } : {}),
      ...(retryAfterSeconds === null ? {} : { retryAfterSeconds }),
      // The domain's own code (OUT_OF_STOCK, CART_NOT_FOUND, …), so clients branch on it
      // instead of re-reading the sentence.
      ...(isCommerceError(error.cause) ? { domainCode: error.cause.code } : {}),
    },
  };
}

/** The options every tRPC instance of the API is created with (one error shape for both apps). */
export const trpcOptions = { transformer: superjson, errorFormatter };

/**
 * The instance the shared procedure parts are built on. The apps' instances (`./storefront`,
 * `./admin`) take them with `.concat()`: a part asks only for `SharedContext`, which both
 * contexts extend.
 */
const t = initTRPC.context<SharedContext>().create(trpcOptions);

/**
 * Maps CommerceError to tRPC errors in one place (`../errors`). Unexpected errors pass through as
 * INTERNAL_SERVER_ERROR: the HTTP edge logs them once with the request id, and in-process
 * callers see the thrown error itself. Every procedure of both apps starts here.
 */
export const baseProcedure = t.procedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok && isCommerceError(result.error.cause)) throw toTRPCError(result.error.cause);
  if (!result.ok && UNSTORABLE_TEXT.has(sqlState(result.error.cause) ?? '')) {
    // Postgres stores no NUL character in text (22P05) nor bytes invalid in its encoding
    // (22021): whatever field carried one, it is the caller's input, and nothing was written
    // (the statement failed, its transaction rolled back).
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: 'Text may not contain the NUL character (\\0) or invalid characters.',
      cause: result.error.cause,
    });
  }
  if (
    !result.ok &&
    result.error.code === 'INTERNAL_SERVER_ERROR' &&
    isDatabaseUnavailable(result.error.cause)
  ) {
    throw new TRPCError({
      code: 'SERVICE_UNAVAILABLE',
      message: DATABASE_UNAVAILABLE_MESSAGE,
      cause: new DatabaseUnavailableError(result.error.cause),
    });
  }
  return result;
});

/** SQLSTATEs of text Postgres cannot store: untranslatable character, invalid byte sequence. */
const UNSTORABLE_TEXT = new Set(['22P05', '22021']);

/**
 * Counts the caller against `rule` before the procedure's work (after its input is valid):
 * 429 with a sentence and `Retry-After` once the client's window is spent, 503 with a sentence
 * and `Retry-After` while the limiter cannot answer. Use with `.concat(limited(rule))`.
 */
export function limited(rule: RateRule & { what: string }) {
  return t.procedure.use(async ({ ctx, next }) => {
    await enforceRateLimit(ctx, rule);
    return next();
  });
}
