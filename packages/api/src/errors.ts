import { TRPCError } from '@trpc/server';
import type { CommerceError, CommerceErrorCode } from '@shop/core';

type TRPCCode = ConstructorParameters<typeof TRPCError>[0]['code'];

const codes: Record<CommerceErrorCode, TRPCCode> = {
  NOT_FOUND: 'NOT_FOUND',
  PRODUCT_NOT_FOUND: 'NOT_FOUND',
  VARIANT_NOT_FOUND: 'NOT_FOUND',
  REGION_NOT_FOUND: 'NOT_FOUND',
  INVALID_INPUT: 'BAD_REQUEST',
  CONFLICT: 'CONFLICT',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
};

export function toTRPCError(err: CommerceError): TRPCError {
  return new TRPCError({ code: codes[err.code], message: err.message, cause: err });
}
