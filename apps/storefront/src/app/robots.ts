import type { MetadataRoute } from 'next';
import { requestOrigin } from './sitemap';

// Per request, for the sitemap's absolute URL on whatever host the shop is served from.
export const dynamic = 'force-dynamic';

export default async function robots(): Promise<MetadataRoute.Robots> {
  return {
    rules: { userAgent: '*', allow: '/', disallow: ['/cart', '/checkout', '/account', '/api'] },
    sitemap: `${await requestOrigin()}/sitemap.xml`,
  };
}
