import Link from 'next/link';

/**
 * The links below a list of products: back to the first page (once past it) and on to the next
 * (while there is one). Used by category and collection pages and by the search page.
 */
export function PageLinks({ first, next }: { first: string | null; next: string | null }) {
  return (
    <nav aria-label="Pages" className="mt-10 flex items-center justify-between gap-4">
      {first !== null ? (
        <Link href={first} className="text-sm text-neutral-700 underline">
          First page
        </Link>
      ) : (
        <span />
      )}
      {next !== null ? (
        <Link
          href={next}
          rel="next"
          data-testid="next-page"
          className="inline-flex h-11 items-center rounded-sm border border-neutral-300 px-5 text-sm font-medium hover:bg-neutral-50"
        >
          Next page
        </Link>
      ) : null}
    </nav>
  );
}
