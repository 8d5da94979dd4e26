import Link from 'next/link';
import { signOut } from '~/app/account/actions';

const links = [
  { href: '/account', label: 'Orders', key: 'orders' },
  { href: '/account/addresses', label: 'Addresses', key: 'addresses' },
] as const;

/** The signed-in shopper's heading and the account's sections, with sign-out. */
export function AccountNav({
  current,
  customer,
}: {
  current: (typeof links)[number]['key'];
  customer: { name: string; email: string };
}) {
  return (
    <div className="flex flex-col gap-4 border-b border-neutral-200 pb-4 sm:flex-row sm:items-end sm:justify-between">
      <div className="min-w-0">
        <h1 className="text-2xl font-semibold tracking-tight">Your account</h1>
        <p className="mt-1 truncate text-sm text-neutral-600">
          {customer.name ? `${customer.name} · ` : ''}
          {customer.email}
        </p>
      </div>
      <div className="flex items-center justify-between gap-4">
        <nav aria-label="Account">
          <ul className="flex gap-1">
            {links.map((link) => (
              <li key={link.key}>
                <Link
                  href={link.href}
                  aria-current={link.key === current ? 'page' : undefined}
                  className="inline-flex h-10 items-center rounded-sm px-3 text-sm font-medium text-neutral-700 hover:bg-neutral-100 aria-[current=page]:bg-neutral-100 aria-[current=page]:text-neutral-900"
                >
                  {link.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <form action={signOut}>
          <button
            type="submit"
            className="inline-flex h-10 items-center rounded-sm px-3 text-sm font-medium text-neutral-700 underline-offset-4 hover:underline"
          >
            Sign out
          </button>
        </form>
      </div>
    </div>
  );
}
