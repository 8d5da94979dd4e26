import type { ReactNode } from 'react';
import { SiteFooter } from '~/components/site-footer';
import { SiteHeader } from '~/components/site-header';
import { regionPath } from '~/lib/region';
import { shopperRegion } from '~/server/region';

/** The cart is outside `[region]`: it is priced in its own region, whatever page led here. */
export default async function CartLayout({ children }: { children: ReactNode }) {
  const home = regionPath(await shopperRegion());
  return (
    <>
      <SiteHeader home={home} />
      <main id="main" className="flex-1">
        {children}
      </main>
      <SiteFooter home={home} />
    </>
  );
}
