import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { SiteFooter } from '~/components/site-footer';
import { SiteHeader } from '~/components/site-header';
import { regionPath } from '~/lib/region';
import { getCategoryTree, getCurrentRegion, getRegions } from '~/server/catalog';
import { shopperRegion } from '~/server/region';

export const metadata: Metadata = {
  // Personal pages: never in a search index, and no URL (a guest's order link carries its
  // token) sent on as a referrer.
  robots: { index: false, follow: false },
  referrer: 'no-referrer',
};

// Every account page reads the session cookie: rendered per request, never cached.
export const dynamic = 'force-dynamic';

/**
 * The account pages live outside `[region]` (they are per shopper, not per region), so the
 * header's region comes from the `region` cookie (else the default), and so do its links.
 */
export default async function AccountLayout({ children }: { children: ReactNode }) {
  const region = await shopperRegion();
  const [current, regions, categories] = await Promise.all([
    getCurrentRegion(region),
    getRegions(),
    getCategoryTree(),
  ]);
  return (
    <>
      <SiteHeader region={current} regions={regions} categories={categories} />
      <main id="main" className="flex-1">
        {children}
      </main>
      <SiteFooter home={regionPath(current.code)} />
    </>
  );
}
