import type { MetadataRoute } from 'next';
import { headers } from 'next/headers';
import { getSitemapEntries } from '~/server/catalog';

// Rendered per request (the database is never read at build time); the entries themselves are
// cached under the `catalog` tag, so a crawl costs no database round trip.
export const dynamic = 'force-dynamic';

/** The public origin the request came in on (the app has no configured public URL). */
export async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host') ?? 'localhost';
  const proto = h.get('x-forwarded-proto')?.split(',')[0]?.trim() ?? 'http';
  return `${proto}://${host}`;
}

/** Home, every category and collection, and up to 50,000 active products. */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const [origin, entries] = await Promise.all([requestOrigin(), getSitemapEntries()]);
  return [
    { url: `${origin}/`, changeFrequency: 'daily', priority: 1 },
    ...entries.categories.map((handle) => ({
      url: `${origin}/c/${handle}`,
      changeFrequency: 'daily' as const,
      priority: 0.8,
    })),
    ...entries.collections.map((handle) => ({
      url: `${origin}/collections/${handle}`,
      changeFrequency: 'daily' as const,
      priority: 0.7,
    })),
    ...entries.products.map((product) => ({
      url: `${origin}/p/${product.handle}`,
      lastModified: product.updatedAt,
      changeFrequency: 'weekly' as const,
      priority: 0.6,
    })),
  ];
}
