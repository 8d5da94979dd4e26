import Image from 'next/image';

/**
 * A product image filling its frame (the caller's box has the fixed aspect ratio, so nothing
 * moves while it loads). Uploaded images (`/media/products/…`) go through Next's optimiser,
 * which sends each screen a size from `sizes` in WebP; the demo placeholders are SVG text the
 * storefront draws itself, already as small as they get, so they are sent as they are.
 */
export function ProductImage({
  src,
  alt,
  sizes,
  priority = false,
  eager = false,
  className = '',
}: {
  /** The image's `url` (a product image's, a cart line's thumbnail). */
  src: string;
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
      src={src}
      alt={alt}
      fill
      sizes={sizes}
      preload={priority}
      fetchPriority={priority ? 'high' : undefined}
      loading={priority ? undefined : eager ? 'eager' : 'lazy'}
      unoptimized={!isOptimisable(src)}
      className={`object-cover ${className}`}
    />
  );
}

/** Images the optimiser may read: ours in storage (next.config.ts `images.localPatterns`). */
function isOptimisable(url: string): boolean {
  return url.startsWith('/media/products/') && !url.includes('?');
}
