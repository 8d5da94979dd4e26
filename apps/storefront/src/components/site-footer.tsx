import Link from 'next/link';

/** `home`: the shop's home in the region shown (`/` when none, which redirects). */
export function SiteFooter({ home = '/' }: { home?: string }) {
  return (
    <footer className="mt-16 border-t border-neutral-200 bg-neutral-50">
      <div className="mx-auto flex max-w-6xl flex-col gap-2 px-4 py-8 text-sm text-neutral-600 sm:flex-row sm:items-center sm:justify-between sm:px-6">
        <p>
          <Link href={home} className="font-medium text-neutral-900 hover:underline">
            Shop
          </Link>{' '}
          · Everyday essentials, made to last.
        </p>
        <p>Secure checkout · Free returns within 30 days</p>
      </div>
    </footer>
  );
}
