import type { ReactNode } from 'react';
import { SiteFooter } from '~/components/site-footer';
import { SiteHeader } from '~/components/site-header';

/** The cart is outside `[region]`: it is priced in its own region, whatever page led here. */
export default function CartLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SiteHeader />
      <main id="main" className="flex-1">
        {children}
      </main>
      <SiteFooter />
    </>
  );
}
