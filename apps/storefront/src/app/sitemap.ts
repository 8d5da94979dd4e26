import type { MetadataRoute } from 'next';
import { headers } from 'next/headers';
import { listingPath, productPath, regionPath } from '~/lib/region';
import { getRegionDirectory, getSitemapEntries } from '~/server/catalog';

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

/**
 * Each region's home, categories, collections and up to 50,000 active products: every page in
 * the form it is served and canonical under (`/us/p/<handle>`, `/eu/p/<handle>`); the
 * region-less URLs only redirect, so they are not listed.
 */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const [origin, entries, directory] = await Promise.all([
    requestOrigin(),
    getSitemapEntries(),
    getRegionDirectory(),
  ]);
  return directory.regions.flatMap(({ code }) => [
    { url: `${origin}${regionPath(code)}`, changeFrequency: 'daily' as const, priority: 1 },
    ...entries.categories.map((handle) => ({
      url: `${origin}${listingPath(code, 'category', handle)}`,
      changeFrequency: 'daily' as const,
      priority: 0.8,
    })),
    ...entries.collections.map((handle) => ({
      url: `${origin}${listingPath(code, 'collection', handle)}`,
      changeFrequency: 'daily' as const,
      priority: 0.7,
    })),
    ...entries.products.map((product) => ({
      url: `${origin}${productPath(code, product.handle)}`,
      lastModified: product.updatedAt,
      changeFrequency: 'weekly' as const,
      priority: 0.6,
    })),
  ]);
}
