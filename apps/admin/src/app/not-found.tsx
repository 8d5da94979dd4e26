import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md px-4 py-16 text-center">
      <h1 className="text-lg font-semibold">Not found</h1>
      <p className="mt-2 text-neutral-600">This page or record does not exist.</p>
      <Link
        href="/products"
        className="mt-6 inline-block font-medium text-accent underline underline-offset-4"
      >
        Back to products
      </Link>
    </main>
  );
}
