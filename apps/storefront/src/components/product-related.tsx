'use client';

import { useEffect, useState } from 'react';
import type { ProductCard as ProductCardData } from '@shop/validators';
import { ProductCard } from './product-card';

interface Related {
  similar: ProductCardData[];
  boughtTogether: ProductCardData[];
}

/**
 * "Similar items" and "Often bought together" below the product, loaded in the browser from
 * GET /api/related once the page is shown: the product page is static (ISR), and these blocks
 * are the first thing a shop under pressure gives up (a switch, a time budget), so they must
 * neither delay the page nor be cached into it. Nothing is shown while loading, when the blocks
 * are left out, or when the request fails: the page is complete without them.
 */
export function ProductRelated({ productId, region }: { productId: number; region: string }) {
  const [related, setRelated] = useState<Related | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    const query = new URLSearchParams({ product: String(productId), region });
    // Not from the browser's cache: a switch turned off must show on the next visit.
    fetch(`/api/related?${query.toString()}`, { signal: controller.signal, cache: 'no-store' })
      .then((res) => (res.ok ? (res.json() as Promise<Partial<Related>>) : null))
      .then((body) => {
        if (body && Array.isArray(body.similar) && Array.isArray(body.boughtTogether)) {
          setRelated({ similar: body.similar, boughtTogether: body.boughtTogether });
        }
      })
      .catch(() => {
        // Offline, navigated away, or the server gave up: the page goes on without the blocks.
      });
    return () => controller.abort();
  }, [productId, region]);

  if (!related) return null;
  return (
    <>
      <RelatedBlock
        id="similar-items"
        title="Similar items"
        products={related.similar}
        region={region}
      />
      <RelatedBlock
        id="bought-together"
        region={region}
        title="Often bought together"
        products={related.boughtTogether}
      />
    </>
  );
}

function RelatedBlock({
  id,
  title,
  products,
  region,
}: {
  id: string;
  title: string;
  products: ProductCardData[];
  region: string;
}) {
  if (products.length === 0) return null;
  return (
    <section aria-labelledby={`${id}-heading`} data-testid={id} className="mt-14">
      <h2 id={`${id}-heading`} className="text-lg font-semibold tracking-tight">
        {title}
      </h2>
      <ul className="mt-4 grid grid-cols-2 gap-x-4 gap-y-8 sm:grid-cols-4">
        {products.map((product) => (
          <ProductCard key={product.id} product={product} region={region} />
        ))}
      </ul>
    </section>
  );
}
