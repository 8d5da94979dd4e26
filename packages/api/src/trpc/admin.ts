import { initTRPC, TRPCError } from '@trpc/server';
import {
  recordAudit,
  refusalFor,
  type AuditHook,
  type Permission,
  type ProductSearch,
  type StaffMember,
} from '@shop/core';
import { postgresEngine, productSearch, type SearchEngine } from '@shop/search';
import type { Storage } from '@shop/storage';
import { EMPTY_ALLOW_LIST, type RegistrationDeps } from '@shop/webhooks';
import {
  baseProcedure,
  trpcOptions,
  type ApiPlugins,
  type ApiShop,
  type SharedContext,
} from './shared';
import { currentRequestId } from '../edge/request-id';

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
  /** The admin's public origin (`ADMIN_URL`), for links in mails (staff invitations). */
  adminUrl: string;
  /** Uploaded files (product images): deleting an image removes its files; null: none configured. */
  storage: Storage | null;
}

export interface AdminRequest {
  getStaff: () => Promise<StaffMember | null>;
  /** Null or absent: no request to count (in-process callers, tests). */
  clientKey?: string | null;
}

/** The admin's context from the process's Shop and what this request brings. */
export function createAdminContext(
  shop: Pick<ApiShop, 'db' | 'clock' | 'rateLimiter'> &
    Partial<
      Pick<ApiShop, 'readDb' | 'search' | 'searchIndexes' | 'logger' | 'plugins' | 'storage'>
    >,
  request: AdminRequest,
  options: { webhooks?: RegistrationDeps; adminUrl?: string } = {},
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
    adminUrl: options.adminUrl ?? 'http://localhost:3001',
    storage: shop.storage ?? null,
  };
}

/**
 * What every admin procedure declares about itself: the permission it asks for (set by
 * `staffProcedure`). The authorization matrix test reads it from the router, so a procedure
 * without one fails that test.
 */
export interface AdminMeta {
  permission?: Permission;
}

const t = initTRPC.context<AdminContext>().meta<AdminMeta>().create(trpcOptions);

export const router = t.router;
/** Joins routers of one level (`admin.products` is its editor's router plus `images`). */
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;

const authed = t.procedure.concat(baseProcedure).use(async ({ ctx, path, type, next }) => {
  const staff = await ctx.getStaff();
  if (!staff)
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to the admin to do this.' });
  // Every token call is a log line (with the request id); mutations also leave an audit row.
  if (staff.token)
    ctx.logger?.info({ tokenId: staff.token.id, procedure: path, type }, 'API token call');
  return next({ ctx: { staff } });
});

function fieldOf(source: unknown, keys: readonly string[]): string | null {
  if (!source || typeof source !== 'object') return null;
  for (const key of keys) {
    const value = (source as Record<string, unknown>)[key];
    if (typeof value === 'string' || typeof value === 'number') return String(value);
  }
  return null;
}

/**
 * The target of a mutation that records no change itself: its router's path (`tokens`,
 * `search.synonyms`) and the id or number of the input, of the result, or of an object the
 * result holds (`{ view: { id } }`), else the input's SKU, email or name.
 */
function targetOf(action: string, input: unknown, result: unknown) {
  const targetType = action.split('.').slice(0, -1).join('.') || action;
  const nested =
    result && typeof result === 'object' ? Object.values(result as Record<string, unknown>) : [];
  const targetId =
    [input, result, ...nested].map((s) => fieldOf(s, ['id', 'number'])).find(Boolean) ??
    fieldOf(input, ['sku', 'email', 'name']);
  return { targetType, targetId };
}

/**
 * Every admin mutation leaves an audit row. The procedure may record its own change through
 * `ctx.audit(tx, { targetType, targetId, before, after })` inside its transaction (the row then
 * commits with the change, or not at all); one that does not gets a row written after it
 * succeeded, holding its input and result. A refused or failed mutation changed nothing and
 * records nothing.
 */
const audited = authed.use(async ({ ctx, path, type, getRawInput, next }) => {
  const action = path.replace(/^admin\./, '');
  let recorded = false;
  const audit: AuditHook = async (tx, change) => {
    if (type !== 'mutation') throw new Error(`The query ${path} cannot record an audit entry.`);
    await recordAudit(tx, { ...change, actor: ctx.staff, action, requestId: currentRequestId() });
    recorded = true;
  };
  const result = await next({ ctx: { audit } });
  if (type !== 'mutation' || !result.ok || recorded) return result;
  const input = await getRawInput();
  try {
    await recordAudit(ctx.db, {
      actor: ctx.staff,
      action,
      requestId: currentRequestId(),
      ...targetOf(action, input, result.data),
      before: null,
      after: { input, result: result.data },
    });
  } catch (err) {
    // The change committed already: answering an error would invite a retry of it.
    ctx.logger?.warn({ err, procedure: path }, 'audit entry not written');
  }
  return result;
});
const auditMiddleware = audited._def.middlewares.at(-1);

/** Whether a procedure runs the audit middleware (every admin mutation must: a test checks). */
export function isAudited(procedure: { _def: { middlewares?: readonly unknown[] } }): boolean {
  return (
    auditMiddleware !== undefined && (procedure._def.middlewares ?? []).includes(auditMiddleware)
  );
}

/**
 * A procedure for signed-in staff holding `permission`, or an API token with that scope whose
 * creator's role still holds it (`refusalFor`); `ctx.staff` is non-null inside, and mutations
 * are audited (`audited`). Permissions no token may have (`tokens:manage`, `staff:manage`,
 * `settings:write`) are thereby staff-only. The permission is the procedure's meta, so tests
 * read the matrix from the router itself.
 */
export function staffProcedure(permission: Permission) {
  return audited.meta({ permission }).use(({ ctx, next }) => {
    const refusal = refusalFor(ctx.staff, permission);
    if (refusal) throw new TRPCError({ code: 'FORBIDDEN', message: refusal });
    return next();
  });
}
