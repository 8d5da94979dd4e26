import type { ReactNode } from 'react';
import { SiteFooter } from '~/components/site-footer';
import { SiteHeader } from '~/components/site-header';
import { regionPath } from '~/lib/region';
import { getCategoryTree, getRegions } from '~/server/catalog';
import { requireRegion } from '~/server/region';

/**
 * Every catalog page lives under `[region]` (`/us/p/<handle>`): the region is in the URL, so
 * each region has its own static pages and an unknown code is a 404. The header's
 * reads (region, regions, top-level categories) are cached under the `catalog` tag.
 */
export default async function RegionLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ region: string }>;
}) {
  const { region } = await params;
  const [current, regions, tree] = await Promise.all([
    requireRegion(region),
    getRegions(),
    getCategoryTree(),
  ]);
  return (
    <>
      <SiteHeader region={current} regions={regions} categories={tree} />
      <main id="main" className="flex-1">
        {children}
      </main>
      <SiteFooter home={regionPath(current.code)} />
    </>
  );
}
