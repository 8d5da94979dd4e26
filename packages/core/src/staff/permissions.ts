import { zApiTokenScope } from '@shop/validators';

/**
 * What each staff role may do. Procedures ask for a permission, never for a role, so that roles
 * can be re-cut without touching the routers.
 */
export type StaffRole = 'owner' | 'admin' | 'staff';
export type Permission =
  | 'products:read'
  | 'products:write'
  | 'stock:read'
  | 'stock:write'
  | 'orders:read'
  | 'orders:write'
  | 'orders:refund'
  | 'customers:read'
  | 'discounts:read'
  | 'discounts:write'
  | 'audit:read'
  | 'staff:manage'
  | 'settings:write'
  | 'tokens:manage';

// `orders:write` moves money (refunds), so it stays with owners and admins; so does
// `settings:write` (the shop's search synonyms), which changes every shopper's results.
// `stock:write` sets absolute on-hand counts, which an ERP or a stock take owns: a wrong count
// sells what is not there, so it stays with owners and admins; every role may read stock.
// `tokens:manage` mints credentials that act without a person signed in: the owner's alone.
const grants: Record<StaffRole, ReadonlySet<Permission>> = {
  owner: new Set([
    'products:read',
    'products:write',
    'stock:read',
    'stock:write',
    'orders:read',
    'orders:write',
    'orders:refund',
    'customers:read',
    'discounts:read',
    'discounts:write',
    'audit:read',
    'staff:manage',
    'settings:write',
    'tokens:manage',
  ]),
  admin: new Set([
    'products:read',
    'products:write',
    'stock:read',
    'stock:write',
    'orders:read',
    'orders:write',
    'orders:refund',
    'customers:read',
    'discounts:read',
    'discounts:write',
    'audit:read',
    'staff:manage',
    'settings:write',
  ]),
  staff: new Set([
    'products:read',
    'products:write',
    'stock:read',
    'orders:read',
    'customers:read',
    'discounts:read',
  ]),
};

/**
 * The permissions an API token may be given (`zApiTokenScope` in the validators holds the list,
 * so forms and the API read the same one). Managing staff, settings and tokens is never among
 * them: a leaked token can change data, never who or what may change it.
 */
export const API_TOKEN_SCOPES = zApiTokenScope.options satisfies readonly Permission[];

export function can(role: StaffRole, permission: Permission): boolean {
  return grants[role].has(permission);
}

/**
 * Who is calling the admin: a signed-in staff member, or an API token acting for the staff member
 * who created it (`token` set; `id` is `token:<id>` and `email` `token:<name>`, so timelines and
 * logs name the token).
 */
export interface StaffMember {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  token?: { id: number; scopes: readonly Permission[] };
}

/**
 * Why `member` may not do `permission`, as the sentence the caller sees, or null when it may. A
 * token needs the scope, and its creator's current role must still allow it: a token never does
 * more than the person who made it could do today.
 */
export function refusalFor(member: StaffMember, permission: Permission): string | null {
  if (member.token && !member.token.scopes.includes(permission))
    return `This API token does not have the ${permission} scope.`;
  if (!can(member.role, permission))
    return member.token
      ? `The staff member who created this API token may no longer do ${permission}.`
      : `Your role does not allow ${permission}.`;
  return null;
}
