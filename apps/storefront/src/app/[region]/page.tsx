import type { Metadata } from 'next';
import Link from 'next/link';
import type { ProductCard as ProductCardData } from '@shop/validators';
import { DEFAULT_QUERY } from '~/lib/catalog-query';
import { taxNote } from '~/components/price';
import { ProductCard } from '~/components/product-card';
import { listingPath, regionAlternates } from '~/lib/region';
import { requireRegion } from '~/server/region';
import {
  getCategoryTree,
  getCollection,
  getCollectionProducts,
  getListing,
} from '~/server/catalog';

// Static and cached (ISR): rendered on the first visit per region, never at build time, and
// refreshed when `catalog` or the tag of a product shown is revalidated, or after an hour.
export const revalidate = 3600;
export const dynamicParams = true;
export function generateStaticParams(): Array<{ region: string }> {
  return [];
}

/** The region's own home is canonical; `/` (which redirects per shopper) is the x-default. */
export async function generateMetadata({
  params,
}: {
  params: Promise<{ region: string }>;
}): Promise<Metadata> {
  const { region } = await params;
  await requireRegion(region);
  return { alternates: regionAlternates(region, '/') };
}

const FEATURED = 'featured';
const SECTION_SIZE = 8;

export default async function HomePage({ params }: { params: Promise<{ region: string }> }) {
  const { region } = await params;
  const current = await requireRegion(region);
  // A shop without a `featured` collection simply has no featured section (both reads answer
  // null). Its products come in the merchant's order, as on the collection's own page.
  const [featured, featuredList, tree, newest] = await Promise.all([
    getCollection(FEATURED),
    getCollectionProducts(region, FEATURED, DEFAULT_QUERY, SECTION_SIZE),
    getCategoryTree(),
    getListing(region, null, DEFAULT_QUERY, SECTION_SIZE),
  ]);
  const featuredItems = featuredList?.items ?? [];

  return (
    <>
      <section className="border-b border-neutral-200 bg-neutral-50">
        <div className="mx-auto max-w-6xl px-4 py-12 sm:px-6 sm:py-16">
          <h1 className="max-w-2xl text-3xl font-semibold tracking-tight text-balance sm:text-4xl">
            Everyday essentials, made to last.
          </h1>
          <p className="mt-3 max-w-xl text-neutral-600">
            Thoughtfully made clothing and goods for the home. Free returns within 30 days.
          </p>
          {tree.length > 0 ? (
            <ul className="mt-6 flex flex-wrap gap-2" aria-label="Shop by category">
              {tree.map((category) => (
                <li key={category.id}>
                  <Link
                    href={listingPath(region, 'category', category.handle)}
                    className="inline-flex h-10 items-center rounded-sm border border-neutral-300 bg-white px-4 text-sm font-medium hover:border-neutral-500"
                  >
                    {category.name}
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      </section>

      {featured && featuredItems.length > 0 ? (
        <ProductSection
          id="featured-heading"
          title={featured.title}
          description={featured.description}
          href={listingPath(region, 'collection', featured.handle)}
          items={featuredItems}
          region={region}
          eager
        />
      ) : null}

      <ProductSection
        id="new-arrivals-heading"
        title="New arrivals"
        description={`Just landed. Prices in ${current.currencyCode}, ${taxNote(current)}.`}
        items={newest?.items ?? []}
        region={region}
        eager={featuredItems.length === 0}
      />
    </>
  );
}

function ProductSection({
  id,
  title,
  description,
  href,
  items,
  region,
  eager = false,
}: {
  id: string;
  title: string;
  description?: string;
  href?: string;
  items: ProductCardData[];
  region: string;
  eager?: boolean;
}) {
  return (
    <section aria-labelledby={id} className="mx-auto max-w-6xl px-4 py-10 sm:px-6">
      <div className="flex items-end justify-between gap-4">
        <div>
          <h2 id={id} className="text-lg font-semibold tracking-tight">
            {title}
          </h2>
          {description ? <p className="mt-1 text-sm text-neutral-600">{description}</p> : null}
        </div>
        {href ? (
          <Link href={href} className="shrink-0 text-sm font-medium text-accent hover:underline">
            View all<span className="sr-only"> {title}</span>
          </Link>
        ) : null}
      </div>
      {items.length === 0 ? (
        <p className="mt-6 text-neutral-600">No products yet. Check back soon.</p>
      ) : (
        <ul
          className="mt-6 grid grid-cols-2 gap-x-4 gap-y-8 sm:grid-cols-3 lg:grid-cols-4"
          data-testid="product-grid"
        >
          {items.map((product, i) => (
            <ProductCard
              key={product.id}
              product={product}
              region={region}
              eager={eager && i < 4}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
