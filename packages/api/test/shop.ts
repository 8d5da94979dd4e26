import type { CheckoutPayments } from '@shop/core';
import type { Database } from '@shop/db/client';
// The limiter the apps' Shop carries (the api package declares the port, @shop/auth implements it).
import { createRateLimiter } from '../../auth/src/rate-limit';
import { cardProvider } from '../../core/test/shop';
import type { ApiShop } from '../src/index';

/**
 * What the API's tests hand to `createStorefrontContext` and `createAdminContext` in place of
 * the apps' Shop: one database for writes and catalog reads, the real limiter over it (it
 * counts only calls that carry a client key), the deterministic card provider unless one is
 * given, and the system clock.
 */
export function apiShop(
  from: { db: Database; payments?: CheckoutPayments },
  overrides: Partial<ApiShop> = {},
): ApiShop {
  return {
    db: from.db,
    readDb: from.db,
    payments: from.payments ?? cardProvider(),
    rateLimiter: createRateLimiter(from.db),
    clock: { now: () => new Date() },
    ...overrides,
  };
}
