import type { Metadata } from 'next';
import { notFound, permanentRedirect } from 'next/navigation';
import type { ProductDetail } from '@shop/validators';
import { CatalogBreadcrumbs } from '~/components/catalog-breadcrumbs';
import { CatalogImageGallery } from '~/components/catalog-image-gallery';
import { CatalogProductJsonLd } from '~/components/catalog-json-ld';
import { CatalogVariantPicker } from '~/components/catalog-variant-picker';
import { Price, taxNote } from '~/components/price';
import { ProductRelated } from '~/components/product-related';
import { productPath, regionAlternates } from '~/lib/region';
import { getProduct, getProductRedirect } from '~/server/catalog';
import { requireRegion } from '~/server/region';

// Static and cached (ISR): rendered on the first visit, never at build time (so the build needs
// no database), refreshed when one of the product's cache tags is revalidated (an edit, or a
// variant selling out: the worker revalidates `product:<id>`). The related products below the
// product are fetched by the browser (ProductRelated), so they never hold up or vary this page.
export const revalidate = 3600;
export const dynamicParams = true;
export function generateStaticParams(): Array<{ region: string; handle: string }> {
  return [];
}

type Params = Promise<{ region: string; handle: string }>;

async function loadProduct(params: Params): Promise<ProductDetail> {
  const { region, handle } = await params;
  await requireRegion(region);
  const product = await getProduct(region, handle);
  if (product) return product;
  // A renamed product's old links keep working: a permanent (308) redirect to its handle now.
  const current = await getProductRedirect(handle);
  if (current) permanentRedirect(productPath(region, current));
  notFound();
}

/**
 * Title, description and Open Graph tags. Image URLs are relative: without a configured public
 * URL, Next resolves them against its fallback base (see the report on metadataBase).
 */
export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const product = await loadProduct(params);
  const description = product.description.slice(0, 160);
  const alternates = regionAlternates(product.region.code, `/p/${product.handle}`);
  const url = alternates.canonical;
  const image = product.images[0];
  const images = image
    ? [
        {
          url: image.url,
          width: image.width,
          height: image.height,
          alt: image.alt || product.title,
        },
      ]
    : [];
  return {
    title: product.title,
    description,
    alternates,
    openGraph: { type: 'website', title: product.title, description, url, images },
    twitter: { card: image ? 'summary_large_image' : 'summary', title: product.title, description },
  };
}

export default async function ProductPage({ params }: { params: Params }) {
  const product = await loadProduct(params);
  const note = taxNote(product.region);

  return (
    <div className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-10">
      <CatalogProductJsonLd product={product} />
      <CatalogBreadcrumbs region={product.region.code} trail={[]} current={product.title} />

      <div className="mt-6 grid gap-8 md:grid-cols-2 md:gap-12">
        <CatalogImageGallery images={product.images} title={product.title} />

        <section aria-labelledby="product-title" className="flex flex-col">
          <h1
            id="product-title"
            data-testid="product-title"
            className="text-2xl font-semibold tracking-tight sm:text-3xl"
          >
            {product.title}
          </h1>
          <div className="mt-3">
            <CatalogVariantPicker
              options={product.options}
              variants={product.variants}
              taxNote={note}
              region={product.region.code}
            />
          </div>

          {product.description ? (
            <div
              className="mt-8 leading-relaxed whitespace-pre-line text-neutral-700"
              data-testid="product-description"
            >
              {product.description}
            </div>
          ) : null}

          <section aria-labelledby="variants-heading" className="mt-10">
            <h2 id="variants-heading" className="text-sm font-medium">
              All options
            </h2>
            <p className="mt-1 text-xs text-neutral-600">
              Prices in {product.region.currencyCode} for {product.region.name}, {note}.
            </p>
            <ul className="mt-3 divide-y divide-neutral-200 rounded-lg border border-neutral-200">
              {product.variants.map((variant) => (
                <li
                  key={variant.id}
                  data-testid="variant-row"
                  className="flex items-start justify-between gap-4 px-4 py-3"
                >
                  <div className="min-w-0">
                    <p className="text-sm font-medium" data-testid="variant-title">
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
                      className={`text-xs ${variant.inStock ? 'text-success' : 'text-neutral-600'}`}
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

      <ProductRelated productId={product.id} region={product.region.code} />
    </div>
  );
}
