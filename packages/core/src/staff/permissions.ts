import { zApiTokenScope } from '@shop/validators';

/**
 * What each staff role may do. Procedures ask for a permission, never for a role, so that roles
 * can be re-cut without touching the routers.
 */
export type StaffRole = 'owner' | 'manager' | 'support';

/** Every role, most powerful first (the order the admin's menus and docs list them in). */
export const STAFF_ROLES = ['owner', 'manager', 'support'] as const satisfies readonly StaffRole[];

/** Every permission, each with the sentence `docs/permissions.md` shows for it. */
export const PERMISSIONS = {
  'products:read': 'See products, their search report and the search settings.',
  'products:write': 'Create, edit and archive products, categories and collections; import.',
  'stock:read': 'See stock levels.',
  'stock:write': 'Set and adjust on-hand counts, transfer stock.',
  'orders:read': 'See orders.',
  'orders:write': 'Hold, release, fulfil and cancel orders.',
  'orders:refund': 'Refund orders.',
  'customers:read': 'See customers.',
  'discounts:read': 'See discounts.',
  'discounts:write': 'Create and change discounts.',
  'reports:read': 'See the dashboard: sales, top products, the job queue.',
  'audit:read': 'Read the audit log.',
  'staff:manage': 'Invite, re-role and remove staff.',
  'settings:write':
    'Change shop settings: regions, taxes, shipping, stock locations, search, webhooks, plugins.',
  'tokens:manage': 'Create and revoke API tokens.',
} as const;

export type Permission = keyof typeof PERMISSIONS;

// The matrix, written once (docs/permissions.md is checked against it by a test).
// - support answers shoppers: it sees orders, customers, products, stock and discounts and may
//   refund (`orders:refund`), but edits neither the catalog nor stock nor settings.
// - manager runs the shop: everything except who may act on it (`staff:manage`) and credentials
//   that act without a person signed in (`tokens:manage`).
// - owner: everything; only the owner manages staff and tokens.
const support: readonly Permission[] = [
  'products:read',
  'stock:read',
  'orders:read',
  'orders:refund',
  'customers:read',
  'discounts:read',
];
const manager: readonly Permission[] = [
  ...support,
  'products:write',
  'stock:write',
  'orders:write',
  'discounts:write',
  'reports:read',
  'audit:read',
  'settings:write',
];
const grants: Record<StaffRole, ReadonlySet<Permission>> = {
  owner: new Set(Object.keys(PERMISSIONS) as Permission[]),
  manager: new Set(manager),
  support: new Set(support),
};

/**
 * The permissions an API token may be given (`zApiTokenScope` in the validators holds the list,
 * so forms and the API read the same one). Managing staff, settings and tokens is never among
 * them: a leaked token can change data, never who or what may change it.
 */
export const API_TOKEN_SCOPES = zApiTokenScope.options satisfies readonly Permission[];

/** Whether `role` holds `permission`: the one place the matrix is read. */
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
