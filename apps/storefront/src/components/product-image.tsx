import Image from 'next/image';
import type { Image as ImageData } from '@shop/validators';

/**
 * A product image filling its frame (the caller's box has the fixed aspect ratio, so nothing
 * moves while it loads). Uploaded images (`/media/products/…`) go through Next's optimiser,
 * which sends each screen a size from `sizes` in WebP; the demo placeholders are SVG text the
 * storefront draws itself, already as small as they get, so they are sent as they are.
 */
export function ProductImage({
  image,
  alt,
  sizes,
  priority = false,
  eager = false,
  className = '',
}: {
  image: ImageData;
  alt: string;
  /** What share of the viewport the frame takes, for the optimiser to pick a width. */
  sizes: string;
  /** The page's main image: fetched first. */
  priority?: boolean;
  eager?: boolean;
  className?: string;
}) {
  return (
    <Image
      src={image.url}
      alt={alt}
      fill
      sizes={sizes}
      preload={priority}
      fetchPriority={priority ? 'high' : undefined}
      loading={priority ? undefined : eager ? 'eager' : 'lazy'}
      unoptimized={!isOptimisable(image.url)}
      className={`object-cover ${className}`}
    />
  );
}

/** Images the optimiser may read: ours in storage (next.config.ts `images.localPatterns`). */
function isOptimisable(url: string): boolean {
  return url.startsWith('/media/products/') && !url.includes('?');
}
