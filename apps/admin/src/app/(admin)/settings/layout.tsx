import Link from 'next/link';
import type { ReactNode } from 'react';
import { SETTINGS_LINKS, visibleLinks } from '~/components/nav-links';
import { requireStaff } from '~/server/auth';

/** The settings area: a side navigation of the settings this role may open, then the page. */
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const staff = await requireStaff();
  return (
    <div className="grid gap-6 md:grid-cols-[12rem_1fr]">
      <nav aria-label="Settings" className="text-sm">
        <ul className="flex flex-wrap gap-x-4 gap-y-1 md:flex-col">
          {visibleLinks(staff.role, SETTINGS_LINKS).map((link) => (
            <li key={link.href}>
              <Link href={link.href} className="text-neutral-700 hover:text-neutral-900">
                {link.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="min-w-0">{children}</div>
    </div>
  );
}
