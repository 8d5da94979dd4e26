import { adminRouter } from './routers/admin';
import { storefrontRouter } from './routers/storefront';
import * as admin from './trpc/admin';
import * as storefront from './trpc/storefront';

export type { ApiShop } from './trpc/shared';
export {
  createStorefrontContext,
  memoryCartCookie,
  type CartCookie,
  type CheckoutLimits,
  type Customer,
  type StorefrontContext,
  type StorefrontRequest,
} from './trpc/storefront';
export { createAdminContext, type AdminContext, type AdminRequest } from './trpc/admin';
export { staffFromRequest } from './token-auth';
export {
  budgetGate,
  type BudgetGate,
  relatedEnabled,
  type RelatedProducts,
  type SkipReason,
} from './routers/storefront-related';

/** What the storefront serves at /api/trpc and calls in-process from server components. */
export const storefrontApi = storefront.router({ storefront: storefrontRouter });
export type StorefrontApi = typeof storefrontApi;
export const createStorefrontCaller = storefront.createCallerFactory(storefrontApi);

/** What the admin serves at /api/trpc; never on the CDN. */
export const adminApi = admin.router({ admin: adminRouter });
export type AdminApi = typeof adminApi;
export const createAdminCaller = admin.createCallerFactory(adminApi);
