/**
 * What each staff role may do. Procedures ask for a permission, never for a role, so that roles
 * can be re-cut without touching the routers.
 */
export type StaffRole = 'owner' | 'admin' | 'staff';
export type Permission =
  | 'products:read'
  | 'products:write'
  | 'orders:read'
  | 'orders:write'
  | 'staff:manage'
  | 'settings:write';

// `orders:write` moves money (refunds), so it stays with owners and admins; so does
// `settings:write` (the shop's search synonyms), which changes every shopper's results.
const grants: Record<StaffRole, ReadonlySet<Permission>> = {
  owner: new Set([
    'products:read',
    'products:write',
    'orders:read',
    'orders:write',
    'staff:manage',
    'settings:write',
  ]),
  admin: new Set([
    'products:read',
    'products:write',
    'orders:read',
    'orders:write',
    'staff:manage',
    'settings:write',
  ]),
  staff: new Set(['products:read', 'products:write', 'orders:read']),
};

export function can(role: StaffRole, permission: Permission): boolean {
  return grants[role].has(permission);
}

export interface StaffMember {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
}
