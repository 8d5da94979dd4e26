import Link from 'next/link';
import type { ReactNode } from 'react';
import { regionPath } from '~/lib/region';
import { shopperRegion } from '~/server/region';

/**
 * A link to the home of the shopper's region (cookie, else the default), for pages outside the
 * region tree (cart, checkout, account), which are rendered per request anyway.
 */
export async function ShopHomeLink({
  className,
  children,
}: {
  className?: string;
  children: ReactNode;
}) {
  return (
    <Link href={regionPath(await shopperRegion())} className={className}>
      {children}
    </Link>
  );
}
