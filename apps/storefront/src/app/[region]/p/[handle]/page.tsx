import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ProductDetail, Variant } from '@shop/validators';
import { Price } from '~/components/price';
import { SoldOutBadge } from '~/components/stock-badge';
import { isRegionParam } from '~/lib/region';
import { getProduct } from '~/server/catalog';

// Static and cached (ISR): rendered on the first visit, never at build time (so the build needs
// no database), refreshed when one of the product's cache tags is revalidated.
export const revalidate = 3600;
export const dynamicParams = true;
export function generateStaticParams(): Array<{ region: string; handle: string }> {
  return [];
}

type Params = Promise<{ region: string; handle: string }>;

async function loadProduct(params: Params): Promise<ProductDetail> {
  const { region, handle } = await params;
  if (!isRegionParam(region)) notFound();
  const product = await getProduct(region, handle);
  if (!product) notFound();
  return product;
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const product = await loadProduct(params);
  return { title: product.title, description: product.description.slice(0, 160) };
}

/** The variant whose price the page leads with: the cheapest one that has a price here. */
function leadVariant(variants: Variant[]): Variant | undefined {
  let lead: Variant | undefined;
  for (const v of variants) {
    if (v.price && (!lead?.price || v.price.amount < lead.price.amount)) lead = v;
  }
  return lead ?? variants[0];
}

export default async function ProductPage({ params }: { params: Params }) {
  const product = await loadProduct(params);
  const lead = leadVariant(product.variants);
  const hasPriceRange = new Set(product.variants.map((v) => v.price?.amount)).size > 1;
  const inStock = product.variants.some((v) => v.inStock);
  const [mainImage, ...otherImages] = product.images;

  return (
    <div className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-10">
      <nav aria-label="Breadcrumb" className="text-sm text-neutral-600">
        <ol className="flex flex-wrap items-center gap-1">
          <li>
            <Link href="/" className="hover:text-neutral-900 hover:underline">
              Home
            </Link>
          </li>
          <li aria-hidden="true">/</li>
          <li aria-current="page" className="truncate text-neutral-900">
            {product.title}
          </li>
        </ol>
      </nav>

      <div className="mt-6 grid gap-8 md:grid-cols-2 md:gap-12">
        <section aria-label="Images" className="flex flex-col gap-3">
          <div className="aspect-[4/5] overflow-hidden rounded-lg bg-neutral-100">
            {mainImage ? (
              <img
                src={mainImage.url}
                alt={mainImage.alt || product.title}
                width={mainImage.width}
                height={mainImage.height}
                fetchPriority="high"
                className="h-full w-full object-cover"
              />
            ) : null}
          </div>
          {otherImages.length > 0 ? (
            <ul className="grid grid-cols-3 gap-3">
              {otherImages.map((image) => (
                <li
                  key={image.url}
                  className="aspect-[4/5] overflow-hidden rounded-sm bg-neutral-100"
                >
                  <img
                    src={image.url}
                    alt={image.alt || product.title}
                    width={image.width}
                    height={image.height}
                    loading="lazy"
                    decoding="async"
                    className="h-full w-full object-cover"
                  />
                </li>
              ))}
            </ul>
          ) : null}
        </section>

        <section aria-labelledby="product-title" className="flex flex-col">
          <h1
            id="product-title"
            data-testid="product-title"
            className="text-2xl font-semibold tracking-tight sm:text-3xl"
          >
            {product.title}
          </h1>
          <p className="mt-3 flex flex-wrap items-center gap-3 text-xl font-semibold">
            {hasPriceRange && lead?.price ? (
              <span className="text-base font-normal text-neutral-600">From</span>
            ) : null}
            <Price
              price={lead?.price ?? null}
              compareAt={lead?.compareAtPrice}
              testId="product-price"
            />
            {inStock ? null : <SoldOutBadge />}
          </p>
          <p className="mt-1 text-sm text-neutral-600">
            Prices in {product.region.currencyCode} for {product.region.name}
            {product.region.taxInclusive ? ', tax included' : ', before tax'}.
          </p>

          {product.description ? (
            <div
              className="mt-6 leading-relaxed whitespace-pre-line text-neutral-700"
              data-testid="product-description"
            >
              {product.description}
            </div>
          ) : null}

          {product.options.length > 0 ? (
            <dl className="mt-8 flex flex-col gap-4">
              {product.options.map((option) => (
                <div key={option.name}>
                  <dt className="text-sm font-medium">{option.name}</dt>
                  <dd className="mt-2">
                    <ul className="flex flex-wrap gap-2">
                      {option.values.map((value) => (
                        <li
                          key={value}
                          className="rounded-sm border border-neutral-300 px-3 py-1.5 text-sm text-neutral-700"
                        >
                          {value}
                        </li>
                      ))}
                    </ul>
                  </dd>
                </div>
              ))}
            </dl>
          ) : null}

          <section aria-labelledby="variants-heading" className="mt-10">
            <h2 id="variants-heading" className="text-sm font-medium">
              Variants
            </h2>
            <ul className="mt-3 divide-y divide-neutral-200 rounded-lg border border-neutral-200">
              {product.variants.map((variant) => (
                <li
                  key={variant.id}
                  data-testid="variant-row"
                  className="flex items-start justify-between gap-4 px-4 py-3"
                >
                  <div className="min-w-0">
                    <p className="font-medium" data-testid="variant-title">
                      {variant.title}
                    </p>
                    <p className="mt-0.5 text-xs text-neutral-600">
                      SKU <span data-testid="variant-sku">{variant.sku}</span>
                    </p>
                  </div>
                  <div className="flex shrink-0 flex-col items-end gap-0.5 text-right">
                    <Price
                      price={variant.price}
                      compareAt={variant.compareAtPrice}
                      testId="variant-price"
                      className="justify-end text-sm font-semibold"
                    />
                    <span
                      data-testid="variant-stock"
                      className={`text-xs ${variant.inStock ? 'text-accent' : 'text-neutral-500'}`}
                    >
                      {variant.inStock ? 'In stock' : 'Sold out'}
                    </span>
                  </div>
                </li>
              ))}
            </ul>
          </section>
        </section>
      </div>
    </div>
  );
}
