'use client';

import { useState, type MouseEvent } from 'react';
import type { Image } from '@shop/validators';
import { ProductImage } from './product-image';

/**
 * The product's images: a large one (fixed 4:5 frame, so nothing moves while it loads) and
 * thumbnails that switch it. Thumbnails are links to the full image, so without JavaScript they
 * still open it.
 */
export function CatalogImageGallery({ images, title }: { images: Image[]; title: string }) {
  const [index, setIndex] = useState(0);
  const main = images[index] ?? images[0];
  const show = (i: number) => (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    setIndex(i);
  };

  return (
    <section aria-label="Images" className="flex flex-col gap-3" data-testid="image-gallery">
      <div className="relative aspect-[4/5] overflow-hidden rounded-lg bg-neutral-100">
        {main ? (
          <ProductImage
            key={main.url}
            src={main.url}
            alt={main.alt || title}
            sizes="(min-width: 1024px) 50vw, 100vw"
            priority={index === 0}
          />
        ) : null}
      </div>
      {images.length > 1 ? (
        <ul className="grid grid-cols-4 gap-3">
          {images.map((image, i) => (
            <li key={image.url}>
              <a
                href={image.url}
                onClick={show(i)}
                aria-current={i === index ? 'true' : undefined}
                className={`relative block aspect-[4/5] overflow-hidden rounded-sm border-2 bg-neutral-100 ${
                  i === index ? 'border-neutral-900' : 'border-transparent hover:border-neutral-300'
                }`}
              >
                <ProductImage
                  src={image.url}
                  alt={`Show image ${i + 1} of ${images.length}: ${image.alt || title}`}
                  sizes="(min-width: 1024px) 12vw, 25vw"
                />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
