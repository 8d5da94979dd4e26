import Link from 'next/link';
import type { ReactNode } from 'react';
import type { ProductCard as ProductCardData } from '@shop/validators';
import { productPath } from '~/lib/region';
import { Price } from './price';
import { ProductImage } from './product-image';
import { SoldOutBadge } from './stock-badge';

/**
 * A grid card. `eager` for the first row so the largest images above the fold load first;
 * `title` replaces the plain title (the search page marks the words found in it).
 */
export function ProductCard({
  product,
  region,
  eager = false,
  title,
}: {
  product: ProductCardData;
  /** The region the card links into (the page's). */
  region: string;
  eager?: boolean;
  title?: ReactNode;
}) {
  return (
    <li data-testid="product-card">
      <Link href={productPath(region, product.handle)} className="group block rounded-lg">
        <div className="relative aspect-[4/5] overflow-hidden rounded-lg bg-neutral-100">
          {product.thumbnail ? (
            <ProductImage
              src={product.thumbnail.url}
              alt={product.thumbnail.alt || product.title}
              sizes="(min-width: 1024px) 25vw, (min-width: 640px) 33vw, 50vw"
              eager={eager}
              className="transition duration-300 group-hover:scale-[1.03]"
            />
          ) : null}
          {product.inStock ? null : <SoldOutBadge className="absolute left-2 top-2" />}
        </div>
        <h3 className="mt-3 text-sm font-medium text-neutral-900 group-hover:underline">
          {title ?? product.title}
        </h3>
        <Price
          price={product.price}
          compareAt={product.compareAtPrice}
          className="mt-1 text-sm font-semibold"
          testId="product-card-price"
        />
      </Link>
    </li>
  );
}
