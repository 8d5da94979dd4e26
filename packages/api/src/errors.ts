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
