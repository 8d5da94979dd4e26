import Link from 'next/link';
import { regionPath } from '~/lib/region';

export interface Crumb {
  label: string;
  href: string;
}

/** Home (of `region`), then `trail` as links, then the current page (not a link). */
export function CatalogBreadcrumbs({
  region,
  trail,
  current,
}: {
  region: string;
  trail: Crumb[];
  current: string;
}) {
  const links = [{ label: 'Home', href: regionPath(region) }, ...trail];
  return (
    <nav aria-label="Breadcrumb" className="text-sm text-neutral-600">
      <ol className="flex flex-wrap items-center gap-1">
        {links.map((crumb) => (
          <li key={crumb.href} className="flex items-center gap-1">
            <Link href={crumb.href} className="hover:text-neutral-900 hover:underline">
              {crumb.label}
            </Link>
            <span aria-hidden="true">/</span>
          </li>
        ))}
        <li aria-current="page" className="truncate text-neutral-900">
          {current}
        </li>
      </ol>
    </nav>
  );
}
