import { notFound } from 'next/navigation';
import { ProductCard } from '~/components/product-card';
import { isRegionParam } from '~/lib/region';
import { getHomeProducts } from '~/server/catalog';

// Static and cached (ISR): rendered on the first visit per region, never at build time, and
// refreshed when the `catalog` tag is revalidated or after an hour.
export const revalidate = 3600;
export const dynamicParams = true;
export function generateStaticParams(): Array<{ region: string }> {
  return [];
}

export default async function HomePage({ params }: { params: Promise<{ region: string }> }) {
  const { region } = await params;
  if (!isRegionParam(region)) notFound();
  const { items } = await getHomeProducts(region);

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
        </div>
      </section>

      <section aria-labelledby="products-heading" className="mx-auto max-w-6xl px-4 py-10 sm:px-6">
        <h2 id="products-heading" className="text-lg font-semibold tracking-tight">
          New arrivals
        </h2>
        {items.length === 0 ? (
          <p className="mt-6 text-neutral-600">No products yet. Check back soon.</p>
        ) : (
          <ul
            className="mt-6 grid grid-cols-2 gap-x-4 gap-y-8 sm:grid-cols-3 lg:grid-cols-4"
            data-testid="product-grid"
          >
            {items.map((product, i) => (
              <ProductCard key={product.id} product={product} eager={i < 4} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
