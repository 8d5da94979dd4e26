import { NotFoundMessage } from '~/components/not-found-message';
import { SiteFooter } from '~/components/site-footer';
import { SiteHeader } from '~/components/site-header';

/** URLs that match no route at all (outside a region segment, so no region in the header). */
export default function NotFound() {
  return (
    <>
      <SiteHeader />
      <main id="main" className="flex-1">
        <NotFoundMessage />
      </main>
      <SiteFooter />
    </>
  );
}
