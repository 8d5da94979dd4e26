import type { Permission, StaffRole } from '@shop/core';
import { can } from '@shop/core';

/** One entry of the admin's navigation: where it goes and what a role needs to see it. */
export interface NavLink {
  href: string;
  label: string;
  /** Absent: every signed-in staff member sees it. */
  permission?: Permission;
}

/** The catalog menu of the header. */
export const CATALOG_LINKS: readonly NavLink[] = [
  { href: '/products', label: 'Products' },
  { href: '/categories', label: 'Categories' },
  { href: '/collections', label: 'Collections' },
  { href: '/products/import', label: 'Import/export' },
  { href: '/search-report', label: 'Search report' },
];

/** The header's own links, after the catalog menu. */
export const MAIN_LINKS: readonly NavLink[] = [
  { href: '/orders', label: 'Orders', permission: 'orders:read' },
  { href: '/customers', label: 'Customers', permission: 'customers:read' },
  { href: '/stock', label: 'Stock', permission: 'stock:read' },
  { href: '/discounts', label: 'Discounts', permission: 'discounts:read' },
];

/** The settings area's side navigation, in the order it lists them. */
export const SETTINGS_LINKS: readonly NavLink[] = [
  { href: '/settings/regions', label: 'Regions and currencies', permission: 'settings:write' },
  { href: '/settings/taxes', label: 'Taxes', permission: 'settings:write' },
  { href: '/settings/shipping', label: 'Shipping', permission: 'settings:write' },
  { href: '/settings/locations', label: 'Stock locations', permission: 'settings:write' },
  { href: '/settings/search', label: 'Search settings', permission: 'products:read' },
  { href: '/settings/webhooks', label: 'Webhooks', permission: 'settings:write' },
  { href: '/settings/plugins', label: 'Plugins', permission: 'settings:write' },
  { href: '/settings/tokens', label: 'API tokens', permission: 'tokens:manage' },
  { href: '/settings/staff', label: 'Staff', permission: 'staff:manage' },
  { href: '/audit', label: 'Audit log', permission: 'audit:read' },
];

/** The links `role` may follow: the UI hides what the API would refuse. */
export function visibleLinks(role: StaffRole, links: readonly NavLink[]): NavLink[] {
  return links.filter((l) => !l.permission || can(role, l.permission));
}
