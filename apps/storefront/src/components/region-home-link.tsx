'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import type { ReactNode } from 'react';
import { regionPath } from '~/lib/region';

/**
 * A link to the home of the region in the URL (`/us`), for the 404 of catalog pages, which gets
 * no params of its own; `/` (which redirects to the shopper's region) outside a region.
 */
export function RegionHomeLink({
  className,
  children,
}: {
  className?: string;
  children: ReactNode;
}) {
  const params = useParams<{ region?: string }>();
  const region = typeof params?.region === 'string' ? params.region : null;
  return (
    <Link href={region ? regionPath(region) : '/'} className={className}>
      {children}
    </Link>
  );
}
