import { initTRPC, TRPCError } from '@trpc/server';
import type { Database } from '@shop/db/client';
import { can, isCommerceError, type Permission, type StaffMember } from '@shop/core';
import superjson from 'superjson';
import { ZodError, z } from 'zod';
import { toTRPCError } from './errors';

/**
 * Per-request context. The staff member is resolved lazily (only staff procedures pay for the
 * session lookup), by a function the host app supplies, so this package knows no auth library.
 */
export interface Context {
  db: Database;
  getStaff: () => Promise<StaffMember | null>;
}

export function createContext(opts: {
  db: Database;
  getStaff?: () => Promise<StaffMember | null>;
}): Context {
  return { db: opts.db, getStaff: opts.getStaff ?? (() => Promise.resolve(null)) };
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    return {
      ...shape,
      // Input errors read as sentences ("title: Title is required"), not a JSON dump of issues.
      message: zodError
        ? z
            .prettifyError(zodError)
            .replace(/✖ /g, '')
            .replace(/\n\s+→ at /g, ' at ')
        : shape.message,
      data: { ...shape.data, stack: undefined, issues: zodError ? zodError.issues : undefined },
    };
  },
});

/** Maps CommerceError (and anything unexpected) to tRPC errors in one place. */
const mapErrors = t.middleware(async ({ next, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (isCommerceError(cause)) throw toTRPCError(cause);
    if (result.error.code === 'INTERNAL_SERVER_ERROR') {
      console.error(`[api] ${path} failed:`, cause ?? result.error);
    }
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapErrors);

const authed = publicProcedure.use(async ({ ctx, next }) => {
  const staff = await ctx.getStaff();
  if (!staff)
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to the admin to do this.' });
  return next({ ctx: { staff } });
});

/** A procedure for signed-in staff holding `permission`; `ctx.staff` is non-null inside. */
export function staffProcedure(permission: Permission) {
  return authed.use(({ ctx, next }) => {
    if (!can(ctx.staff.role, permission)) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `Your role does not allow ${permission}.`,
      });
    }
    return next();
  });
}
