import { toDecimal } from '@shop/money';
import type { ProductDetail } from '@shop/validators';
import { productPath } from '~/lib/region';

/**
 * schema.org `Product` with one `Offer` per variant that has a price in the page's region. URLs
 * are relative: the page is static and does not know the host it is served from (JSON-LD
 * resolves them against the page URL).
 */
export function CatalogProductJsonLd({ product }: { product: ProductDetail }) {
  const url = productPath(product.region.code, product.handle);
  const data = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: product.title,
    description: product.description,
    url,
    image: product.images.map((image) => image.url),
    sku: product.variants[0]?.sku,
    offers: product.variants.flatMap((variant) =>
      variant.price
        ? [
            {
              '@type': 'Offer',
              sku: variant.sku,
              name: variant.title,
              url,
              price: toDecimal(variant.price.amount, variant.price.currencyCode),
              priceCurrency: variant.price.currencyCode,
              availability: variant.inStock
                ? 'https://schema.org/InStock'
                : 'https://schema.org/OutOfStock',
            },
          ]
        : [],
    ),
  };
  return (
    <script
      type="application/ld+json"
      // `<` escaped so a product title can never close the script element.
      dangerouslySetInnerHTML={{ __html: JSON.stringify(data).replace(/</g, '\\u003c') }}
    />
  );
}
