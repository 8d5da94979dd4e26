/**
 * The one error the core throws. `code` is stable and machine-readable; `message` is a sentence a
 * user can read. Adapters (tRPC, route handlers, the worker) map codes to their own statuses in
 * one place each.
 */
export type CommerceErrorCode =
  | 'NOT_FOUND'
  | 'PRODUCT_NOT_FOUND'
  | 'VARIANT_NOT_FOUND'
  | 'REGION_NOT_FOUND'
  | 'CART_NOT_FOUND'
  | 'CART_NOT_YOURS'
  | 'CHECKOUT_NOT_FOUND'
  | 'ORDER_NOT_FOUND'
  | 'INVALID_INPUT'
  | 'OUT_OF_STOCK'
  | 'CHECKOUT_INCOMPLETE'
  | 'CHECKOUT_EXPIRED'
  | 'DISCOUNT_INVALID'
  | 'PAYMENT_DECLINED'
  | 'PAYMENT_PROVIDER_ERROR'
  | 'CONFLICT'
  /** A checkout hook (a plugin) vetoed the attempt; the message is the plugin's sentence. */
  | 'CHECKOUT_REFUSED'
  /** More units of one variant than one order may hold (a hold limit). */
  | 'QUANTITY_LIMIT'
  /** Too many live holds or requests from one client (a hold limit or a rate limit). */
  | 'RATE_LIMITED'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN';

export class CommerceError extends Error {
  override name = 'CommerceError';
  constructor(
    readonly code: CommerceErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isCommerceError(err: unknown): err is CommerceError {
  return err instanceof CommerceError;
}
