import { initTRPC, TRPCError } from '@trpc/server';
import { refusalFor, type Permission, type ProductSearch, type StaffMember } from '@shop/core';
import { postgresEngine, productSearch, type SearchEngine } from '@shop/search';
import { EMPTY_ALLOW_LIST, type RegistrationDeps } from '@shop/webhooks';
import {
  baseProcedure,
  trpcOptions,
  type ApiPlugins,
  type ApiShop,
  type SharedContext,
} from './shared';

/**
 * The admin's context: staff work on the primary. It has no cart, customer or payments, so no
 * admin procedure can reach a shopper's (the storefront's context in `./storefront` has no staff).
 */
export interface AdminContext extends SharedContext {
  /**
   * The signed-in staff member, or the API token of a bearer request (`staffFromRequest`),
   * resolved lazily (only staff procedures pay for the lookup) by a function the host app
   * supplies, so this package knows no auth library. It may throw UNAUTHORIZED with a sentence
   * (a bad token); null means nobody signed in.
   */
  getStaff: () => Promise<StaffMember | null>;
  /**
   * The search port, the storefront's engine: the products page searches with it (it answers
   * active products only, as shoppers see them).
   */
  search: ProductSearch;
  /** Every search index, Postgres first: settings changes (synonyms) are applied to each. */
  searchIndexes: readonly SearchEngine[];
  /**
   * Where an index that did not take a settings change is reported, and where every API token
   * call is logged (token id, procedure); null: dropped.
   */
  logger: ApiShop['logger'] | null;
  /** The Shop's plugins and their settings; null: the shop runs none. */
  plugins: ApiPlugins | null;
  /** Where webhook URLs may point (`WEBHOOK_ALLOWED_HOSTS`); default: public addresses only. */
  webhooks: RegistrationDeps;
}

export interface AdminRequest {
  getStaff: () => Promise<StaffMember | null>;
  /** Null or absent: no request to count (in-process callers, tests). */
  clientKey?: string | null;
}

/** The admin's context from the process's Shop and what this request brings. */
export function createAdminContext(
  shop: Pick<ApiShop, 'db' | 'clock' | 'rateLimiter'> &
    Partial<Pick<ApiShop, 'readDb' | 'search' | 'searchIndexes' | 'logger' | 'plugins'>>,
  request: AdminRequest,
  options: { webhooks?: RegistrationDeps } = {},
): AdminContext {
  const readDb = shop.readDb ?? shop.db;
  // Without the Shop's engines, the Postgres engine's (what `createShop` configures by default).
  const searchIndexes = shop.searchIndexes ?? [postgresEngine(shop.db, readDb)];
  const first = searchIndexes[0] ?? postgresEngine(shop.db, readDb);
  return {
    db: shop.db,
    clock: shop.clock,
    rateLimiter: shop.rateLimiter,
    clientKey: request.clientKey ?? null,
    getStaff: request.getStaff,
    search: shop.search ?? productSearch(first, { readDb }),
    searchIndexes,
    logger: shop.logger ?? null,
    plugins: shop.plugins ?? null,
    webhooks: options.webhooks ?? { allowList: EMPTY_ALLOW_LIST },
  };
}

const t = initTRPC.context<AdminContext>().create(trpcOptions);

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const authed = t.procedure.concat(baseProcedure).use(async ({ ctx, path, type, next }) => {
  const staff = await ctx.getStaff();
  if (!staff)
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to the admin to do this.' });
  // Until the admin's audit trail lands, a token call is a log line (with the request id).
  if (staff.token)
    ctx.logger?.info({ tokenId: staff.token.id, procedure: path, type }, 'API token call');
  return next({ ctx: { staff } });
});

/**
 * A procedure for signed-in staff holding `permission`, or an API token with that scope whose
 * creator's role still holds it (`refusalFor`); `ctx.staff` is non-null inside. Permissions no
 * token may have (`tokens:manage`, `staff:manage`, `settings:write`) are thereby staff-only.
 */
export function staffProcedure(permission: Permission) {
  return authed.use(({ ctx, next }) => {
    const refusal = refusalFor(ctx.staff, permission);
    if (refusal) throw new TRPCError({ code: 'FORBIDDEN', message: refusal });
    return next();
  });
}
