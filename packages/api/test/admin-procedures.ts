import type { Permission } from '@shop/core';
import { adminApi } from '../src/index';

export interface AdminProcedure {
  /** As the client calls it: `admin.products.update`. */
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  /** The permission `staffProcedure` declared; undefined: none (the matrix test fails). */
  permission: Permission | undefined;
  def: { middlewares?: readonly unknown[]; meta?: unknown; type: string };
}

/** Every procedure of the admin API, read from the router itself (tRPC's flat record of paths). */
export function adminProcedures(): AdminProcedure[] {
  // At run time tRPC keeps them flat, keyed by dotted path (its types show the nested record).
  const procedures = adminApi._def.procedures as unknown as Record<
    string,
    { _def: AdminProcedure['def'] }
  >;
  return Object.entries(procedures).map(([path, procedure]) => {
    const def = procedure._def;
    const meta = (def.meta ?? {}) as { permission?: Permission };
    return { path, type: def.type as AdminProcedure['type'], permission: meta.permission, def };
  });
}
