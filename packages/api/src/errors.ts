import { TRPCError } from '@trpc/server';
import type { CommerceError, CommerceErrorCode } from '@shop/core';

type TRPCCode = ConstructorParameters<typeof TRPCError>[0]['code'];

const codes: Record<CommerceErrorCode, TRPCCode> = {
  NOT_FOUND: 'NOT_FOUND',
  PRODUCT_NOT_FOUND: 'NOT_FOUND',
  VARIANT_NOT_FOUND: 'NOT_FOUND',
  REGION_NOT_FOUND: 'NOT_FOUND',
  CART_NOT_FOUND: 'NOT_FOUND',
  CART_NOT_YOURS: 'BAD_REQUEST',
  CHECKOUT_NOT_FOUND: 'NOT_FOUND',
  ORDER_NOT_FOUND: 'NOT_FOUND',
  INVALID_INPUT: 'BAD_REQUEST',
  OUT_OF_STOCK: 'CONFLICT',
  CHECKOUT_INCOMPLETE: 'BAD_REQUEST',
  CHECKOUT_EXPIRED: 'CONFLICT',
  DISCOUNT_INVALID: 'BAD_REQUEST',
  PAYMENT_DECLINED: 'PAYMENT_REQUIRED',
  PAYMENT_PROVIDER_ERROR: 'BAD_GATEWAY',
  CONFLICT: 'CONFLICT',
  CHECKOUT_REFUSED: 'UNPROCESSABLE_CONTENT',
  QUANTITY_LIMIT: 'CONFLICT',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
};

export function toTRPCError(err: CommerceError): TRPCError {
  return new TRPCError({ code: codes[err.code], message: err.message, cause: err });
}

/** How long a caller is asked to wait while the database cannot be reached. */
export const DATABASE_RETRY_SECONDS = 5;

/** The sentence a caller hears while the database cannot be reached. */
export const DATABASE_UNAVAILABLE_MESSAGE =
  'The shop cannot reach its database right now. Please try again in a few seconds.';

/**
 * The database could not be reached or dropped the connection mid-request (see
 * `isDatabaseUnavailable`): answered 503 with `Retry-After`, never 500, and logged once with the
 * cause. A connection lost while a COMMIT was in flight may still have committed, so the sentence
 * promises nothing about the change: the writes a client retries carry idempotency keys
 * (checkout attempts, refunds, imports), so a retry finds the first outcome.
 */
export class DatabaseUnavailableError extends Error {
  readonly retryAfterSeconds = DATABASE_RETRY_SECONDS;
  constructor(cause: unknown) {
    super('The database could not be reached.', { cause });
  }
}
