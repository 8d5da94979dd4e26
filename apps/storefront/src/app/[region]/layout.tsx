import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { SiteFooter } from '~/components/site-footer';
import { SiteHeader } from '~/components/site-header';
import { isRegionParam } from '~/lib/region';
import { getCategoryTree, getCurrentRegion, getRegions } from '~/server/catalog';

/**
 * Every shopper page lives under `[region]`: the proxy rewrites the public URLs to
 * `/<region>/...` from the region cookie, so each region has its own static pages. The header's
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
  if (!isRegionParam(region)) notFound();
  const [current, regions, tree] = await Promise.all([
    getCurrentRegion(region),
    getRegions(),
    getCategoryTree(),
  ]);
  return (
    <>
      <SiteHeader region={current} regions={regions} categories={tree} />
      <main id="main" className="flex-1">
        {children}
      </main>
      <SiteFooter />
    </>
  );
}
