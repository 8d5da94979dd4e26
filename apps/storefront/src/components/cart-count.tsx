'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useState } from 'react';

/** Fired by AddToCartButton with `{ count }` so the header updates without a round trip. */
export const CART_CHANGED_EVENT = 'shop:cart-changed';

/**
 * The number of items in the cart, loaded in the browser from GET /cart/count: the header sits
 * on static (ISR) pages, which must not read the cart cookie on the server or they would be
 * rendered per request. Reloaded on every navigation (cart pages change the count too).
 */
export function CartCount() {
  const [count, setCount] = useState<number | null>(null);
  const pathname = usePathname();

  useEffect(() => {
    const controller = new AbortController();
    fetch('/cart/count', { signal: controller.signal, cache: 'no-store' })
      .then((res) => (res.ok ? (res.json() as Promise<{ count?: unknown }>) : null))
      .then((body) => {
        if (body && typeof body.count === 'number') setCount(body.count);
      })
      .catch(() => {
        // Offline or navigated away: keep what is shown.
      });
    return () => controller.abort();
  }, [pathname]);

  useEffect(() => {
    const onChange = (event: Event) => {
      const detail = (event as CustomEvent<{ count?: unknown }>).detail;
      if (typeof detail.count === 'number') setCount(detail.count);
    };
    window.addEventListener(CART_CHANGED_EVENT, onChange);
    return () => window.removeEventListener(CART_CHANGED_EVENT, onChange);
  }, []);

  if (count === null || count === 0) {
    return <span className="sr-only">{count === 0 ? ', empty' : ''}</span>;
  }
  return (
    <span
      data-testid="cart-count"
      className="ml-1 inline-flex h-5 min-w-5 items-center justify-center rounded-full bg-accent px-1.5 text-xs font-semibold text-white tabular-nums"
    >
      <span className="sr-only">, </span>
      {count}
      <span className="sr-only">{count === 1 ? ' item' : ' items'}</span>
    </span>
  );
}
