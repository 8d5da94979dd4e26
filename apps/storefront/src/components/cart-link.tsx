import Link from 'next/link';
import { CartCount } from './cart-count';

/**
 * The header's link to the cart with its item count. Safe on static pages: the count is loaded
 * in the browser (see CartCount), so the page itself never reads the cart cookie.
 */
export function CartLink({ className }: { className?: string }) {
  return (
    <Link
      href="/cart"
      data-testid="cart-link"
      className={`inline-flex h-9 items-center rounded-sm px-2 text-sm font-medium text-neutral-900 hover:bg-neutral-100 ${className ?? ''}`}
    >
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        className="mr-1.5 h-5 w-5"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.75"
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        <path d="M6 7h12l-1 13H7L6 7Z" />
        <path d="M9 7a3 3 0 0 1 6 0" />
      </svg>
      Cart
      <CartCount />
    </Link>
  );
}
