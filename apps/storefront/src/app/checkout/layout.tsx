import type { ReactNode } from 'react';
import { CheckoutHeader } from '~/components/checkout-header';
import { SiteFooter } from '~/components/site-footer';
import { regionPath } from '~/lib/region';
import { shopperRegion } from '~/server/region';

/** Every checkout page is per shopper; the logo leads to the shopper's region. */
export default async function CheckoutLayout({ children }: { children: ReactNode }) {
  const home = regionPath(await shopperRegion());
  return (
    <>
      <CheckoutHeader home={home} />
      <main id="main" className="flex-1 bg-neutral-50">
        {children}
      </main>
      <SiteFooter home={home} />
    </>
  );
}
