import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { SiteFooter } from '~/components/site-footer';
import { SiteHeader } from '~/components/site-header';
import { isRegionParam } from '~/lib/region';
import { getCurrentRegion } from '~/server/catalog';

/**
 * Every shopper page lives under `[region]`: the proxy rewrites `/` and `/p/<handle>` to
 * `/<region>/...` from the region cookie, so each region has its own static pages.
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
  const current = await getCurrentRegion(region);
  return (
    <>
      <SiteHeader regionName={current.name} />
      <main id="main" className="flex-1">
        {children}
      </main>
      <SiteFooter />
    </>
  );
}
