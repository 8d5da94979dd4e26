import type { ReactNode } from 'react';
import { CheckoutHeader } from '~/components/checkout-header';
import { SiteFooter } from '~/components/site-footer';

export default function CheckoutLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <CheckoutHeader />
      <main id="main" className="flex-1 bg-neutral-50">
        {children}
      </main>
      <SiteFooter />
    </>
  );
}
