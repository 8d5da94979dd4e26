import Link from 'next/link';
import { can, type StaffMember } from '@shop/core';
import { CATALOG_LINKS, MAIN_LINKS, SETTINGS_LINKS, visibleLinks } from './nav-links';
import { NavMenu } from './nav-menu';
import { SignOutButton } from './sign-out-button';

export function AdminHeader({ staff }: { staff: StaffMember }) {
  const settings = visibleLinks(staff.role, SETTINGS_LINKS);
  return (
    <header className="border-b border-neutral-200 bg-white">
      <div className="mx-auto flex h-12 max-w-6xl items-center gap-4 px-4 sm:gap-6">
        <Link href="/" className="font-semibold tracking-tight whitespace-nowrap">
          Shop admin
        </Link>
        <nav
          aria-label="Main"
          className="flex min-w-0 items-center gap-4 overflow-x-auto whitespace-nowrap text-neutral-700"
        >
          {can(staff.role, 'reports:read') ? (
            <Link href="/dashboard" className="hover:text-neutral-900">
              Dashboard
            </Link>
          ) : null}
          <NavMenu label="Catalog" links={visibleLinks(staff.role, CATALOG_LINKS)} />
          {visibleLinks(staff.role, MAIN_LINKS).map((link) => (
            <Link key={link.href} href={link.href} className="hover:text-neutral-900">
              {link.label}
            </Link>
          ))}
          {settings[0] ? (
            <Link href="/settings" className="hover:text-neutral-900">
              Settings
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
