import Link from 'next/link';
import { can, type StaffMember } from '@shop/core';
import { SignOutButton } from './sign-out-button';

export function AdminHeader({ staff }: { staff: StaffMember }) {
  return (
    <header className="border-b border-neutral-200 bg-white">
      <div className="mx-auto flex h-12 max-w-6xl items-center gap-4 px-4 sm:gap-6">
        <Link href="/products" className="font-semibold tracking-tight whitespace-nowrap">
          Shop admin
        </Link>
        <nav
          aria-label="Main"
          className="flex min-w-0 gap-4 overflow-x-auto whitespace-nowrap text-neutral-700"
        >
          <Link href="/products" className="hover:text-neutral-900">
            Products
          </Link>
          <Link href="/products/import" className="hover:text-neutral-900">
            Import/export
          </Link>
          <Link href="/orders" className="hover:text-neutral-900">
            Orders
          </Link>
          {can(staff.role, 'stock:read') ? (
            <Link href="/stock" className="hover:text-neutral-900">
              Stock
            </Link>
          ) : null}
          {can(staff.role, 'customers:read') ? (
            <Link href="/customers" className="hover:text-neutral-900">
              Customers
            </Link>
          ) : null}
          {can(staff.role, 'discounts:read') ? (
            <Link href="/discounts" className="hover:text-neutral-900">
              Discounts
            </Link>
          ) : null}
          <Link href="/search-report" className="hover:text-neutral-900">
            Search report
          </Link>
          <Link href="/settings/search" className="hover:text-neutral-900">
            Search settings
          </Link>
          {can(staff.role, 'settings:write') ? (
            <Link href="/settings/webhooks" className="hover:text-neutral-900">
              Webhooks
            </Link>
          ) : null}
          {can(staff.role, 'settings:write') ? (
            <Link href="/settings/plugins" className="hover:text-neutral-900">
              Plugins
            </Link>
          ) : null}
          {can(staff.role, 'tokens:manage') ? (
            <Link href="/settings/tokens" className="hover:text-neutral-900">
              API tokens
            </Link>
          ) : null}
          {can(staff.role, 'staff:manage') ? (
            <Link href="/settings/staff" className="hover:text-neutral-900">
              Staff
            </Link>
          ) : null}
          {can(staff.role, 'audit:read') ? (
            <Link href="/audit" className="hover:text-neutral-900">
              Audit log
            </Link>
          ) : null}
        </nav>
        <div className="ml-auto flex shrink-0 items-center gap-3">
          <span className="hidden text-neutral-600 sm:inline">
            {staff.name} <span className="text-neutral-500">({staff.role})</span>
          </span>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
