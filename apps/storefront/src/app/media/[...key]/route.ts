import { Readable } from 'node:stream';
import { isStorageKey } from '@shop/storage';
import { getShop } from '~/server/shop';

/**
 * Product images from storage (`/media/products/<product>/<hash>/w1600.webp`), for the browser
 * and for Next's image optimiser (`next/image` reads them from here, see next.config.ts). Only
 * keys under `products/` are served, and only as images: storage also holds files shoppers must
 * not read (uploaded imports). Keys carry a content hash, so an object never changes under its
 * key and may be cached for a year.
 */
async function serve(request: Request, context: { params: Promise<{ key: string[] }> }) {
  const { key: segments } = await context.params;
  const key = segments.join('/');
  if (!key.startsWith('products/') || !isStorageKey(key)) return notFound();
  const object = await getShop().storage.get(key);
  if (!object) return notFound();
  if (!SERVED_TYPES.has(object.contentType)) {
    object.body.destroy();
    return notFound();
  }
  const headers = new Headers({
    'Content-Type': object.contentType,
    'Cache-Control': 'public, max-age=31536000, immutable',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'",
  });
  if (object.size !== null) headers.set('Content-Length', String(object.size));
  if (request.method === 'HEAD') {
    object.body.destroy();
    return new Response(null, { headers });
  }
  return new Response(Readable.toWeb(object.body) as ReadableStream<Uint8Array>, { headers });
}

const SERVED_TYPES = new Set(['image/webp', 'image/jpeg', 'image/png']);

function notFound() {
  return new Response('Not found', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=60' },
  });
}

export { serve as GET, serve as HEAD };
