import { NextRequest } from 'next/server';
import { describe, expect, it, vi } from 'vitest';
import type { RegionDirectory } from '../lib/region';

const directory: RegionDirectory = {
  defaultCode: 'us',
  regions: [
    { code: 'us', countries: ['US'] },
    { code: 'eu', countries: ['DE', 'FR'] },
  ],
};
const reads = vi.hoisted(() => ({ directory: 0 }));

// The cached reads are Next's (`unstable_cache`) and need a running app: stand in for them.
vi.mock('./catalog', () => ({
  getRegionDirectory: async () => {
    reads.directory++;
    return directory;
  },
  getCurrentRegion: async () => {
    throw new Error('not used here');
  },
}));

const { regionRedirect } = await import('./region');

function get(path: string, headers: Record<string, string> = {}) {
  return regionRedirect(new NextRequest(new URL(path, 'http://shop.test'), { headers }));
}

describe('regionRedirect (the region-less URLs of before)', () => {
  it('answers a private, temporary redirect that varies on cookie and languages', async () => {
    const res = await get('/p/linen-shirt');
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe('/us/p/linen-shirt');
    expect(res.headers.get('vary')).toBe('Cookie, Accept-Language');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(await res.text()).toBe('');
  });

  it('goes to the region of the cookie, keeping the query', async () => {
    const res = await get('/search?q=linen&sort=price_asc', { cookie: 'region=eu' });
    expect(res.headers.get('location')).toBe('/eu/search?q=linen&sort=price_asc');
  });

  it('goes by Accept-Language without a (valid) cookie', async () => {
    expect((await get('/', { 'accept-language': 'de-DE,de;q=0.9' })).headers.get('location')).toBe(
      '/eu',
    );
    const stale = await get('/c/tops?sort=price_asc', {
      cookie: 'region=zz',
      'accept-language': 'fr',
    });
    expect(stale.headers.get('location')).toBe('/eu/c/tops/q?sort=price_asc');
  });

  it('reads the regions through the cached read only', async () => {
    const before = reads.directory;
    await get('/collections/summer');
    expect(reads.directory).toBe(before + 1);
  });
});
