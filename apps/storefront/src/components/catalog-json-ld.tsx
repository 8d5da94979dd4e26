import type { Money, ProductDetail } from '@shop/validators';
import { currencyDigits } from './catalog-query';

/** Minor units as a decimal string with integer arithmetic: 2499 USD -> "24.99". */
export function toDecimalString(money: Money): string {
  const digits = currencyDigits(money.currencyCode);
  if (digits === 0) return String(money.amount);
  const scale = 10 ** digits;
  const whole = Math.floor(money.amount / scale);
  return `${whole}.${String(money.amount % scale).padStart(digits, '0')}`;
}

/**
 * schema.org `Product` with one `Offer` per variant that has a price in the page's region. URLs
 * are relative: the page is static and does not know the host it is served from (JSON-LD
 * resolves them against the page URL).
 */
export function CatalogProductJsonLd({ product }: { product: ProductDetail }) {
  const url = `/p/${product.handle}`;
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
              price: toDecimalString(variant.price),
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
