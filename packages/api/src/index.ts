import { adminRouter } from './routers/admin';
import { storefrontRouter } from './routers/storefront';
import { createCallerFactory, router } from './trpc';

export {
  createContext,
  memoryCartCookie,
  type CartCookie,
  type Context,
  type Customer,
} from './trpc';

/** What the storefront serves at /api/trpc and calls in-process from server components. */
export const storefrontApi = router({ storefront: storefrontRouter });
export type StorefrontApi = typeof storefrontApi;
export const createStorefrontCaller = createCallerFactory(storefrontApi);

/** What the admin serves at /api/trpc; never on the CDN. */
export const adminApi = router({ admin: adminRouter });
export type AdminApi = typeof adminApi;
export const createAdminCaller = createCallerFactory(adminApi);
