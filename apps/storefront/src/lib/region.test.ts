import { describe, expect, it } from 'vitest';
import {
  chooseRegion,
  legacyTarget,
  listingPath,
  parseAcceptLanguage,
  regionAlternates,
  switchRegionPath,
  type RegionDirectory,
} from './region';

// The seed's shape: `us` (the default) ships to the US and Canada, `eu` to a few EU countries.
const directory: RegionDirectory = {
  defaultCode: 'us',
  regions: [
    { code: 'us', countries: ['CA', 'US'] },
    { code: 'eu', countries: ['DE', 'FR', 'NL'] },
  ],
};

describe('parseAcceptLanguage', () => {
  it('orders the tags by weight, keeping header order for equal weights, without q=0 and *', () => {
    expect(parseAcceptLanguage('en;q=0.5, de-DE, fr;q=0.9, *;q=0.1, nl;q=0, it')).toEqual([
      'de-DE',
      'it',
      'fr',
      'en',
    ]);
  });

  it('gives nothing for an absent or empty header', () => {
    expect(parseAcceptLanguage(null)).toEqual([]);
    expect(parseAcceptLanguage('')).toEqual([]);
    expect(parseAcceptLanguage(' , ;q=1')).toEqual([]);
  });
});

describe('chooseRegion', () => {
  it('takes the cookie when it names a region, whatever the languages say', () => {
    expect(chooseRegion(directory, { cookie: 'eu', acceptLanguage: 'en-US' })).toBe('eu');
  });

  it('ignores a cookie that names no region (stale, `default`, or made up)', () => {
    for (const cookie of ['zz', 'default', '../x', '']) {
      expect(chooseRegion(directory, { cookie, acceptLanguage: 'de-DE' })).toBe('eu');
    }
  });

  it('maps the country of the most wanted tag through the regions’ countries', () => {
    expect(chooseRegion(directory, { acceptLanguage: 'de-DE,de;q=0.9' })).toBe('eu');
    expect(chooseRegion(directory, { acceptLanguage: 'en-US,en;q=0.9' })).toBe('us');
    expect(chooseRegion(directory, { acceptLanguage: 'fr-CA' })).toBe('us');
    expect(chooseRegion(directory, { acceptLanguage: 'en-us' })).toBe('us');
  });

  it('skips countries no region ships to and script subtags, then takes the next country', () => {
    expect(chooseRegion(directory, { acceptLanguage: 'en-GB, nl-NL;q=0.8' })).toBe('eu');
    expect(chooseRegion(directory, { acceptLanguage: 'zh-Hant-TW, en-CA;q=0.5' })).toBe('us');
  });

  it('prefers any named country to a bare language', () => {
    expect(chooseRegion(directory, { acceptLanguage: 'de, en-US;q=0.5' })).toBe('us');
  });

  it('maps a bare language to its main country when one is clear', () => {
    expect(chooseRegion(directory, { acceptLanguage: 'de' })).toBe('eu');
    expect(chooseRegion(directory, { acceptLanguage: 'nl;q=0.8, fr' })).toBe('eu');
  });

  it('falls back to the default region', () => {
    // English, Spanish: spoken first in too many countries to choose one.
    expect(chooseRegion(directory, { acceptLanguage: 'en' })).toBe('us');
    expect(chooseRegion(directory, { acceptLanguage: 'es' })).toBe('us');
    expect(chooseRegion(directory, { acceptLanguage: 'ja-JP' })).toBe('us');
    expect(chooseRegion(directory, {})).toBe('us');
    expect(chooseRegion({ ...directory, defaultCode: 'eu' }, { acceptLanguage: 'sv' })).toBe('eu');
  });
});

describe('legacyTarget', () => {
  const params = (query: string) => new URLSearchParams(query);

  it('puts each region-less page into the region, keeping the query', () => {
    expect(legacyTarget('eu', '/', params(''))).toBe('/eu');
    expect(legacyTarget('eu', '/', params('utm_source=mail'))).toBe('/eu?utm_source=mail');
    expect(legacyTarget('eu', '/p/linen-shirt', params(''))).toBe('/eu/p/linen-shirt');
    expect(legacyTarget('us', '/search', params('q=linen&sort=price_asc'))).toBe(
      '/us/search?q=linen&sort=price_asc',
    );
    expect(legacyTarget('us', '/collections/summer', params(''))).toBe('/us/collections/summer');
  });

  it('sends a listing with a query straight to its dynamic twin', () => {
    expect(legacyTarget('eu', '/c/tops', params('sort=price_asc&size=M'))).toBe(
      '/eu/c/tops/q?sort=price_asc&size=M',
    );
    expect(legacyTarget('eu', '/collections/summer', params('after=abc'))).toBe(
      '/eu/collections/summer/q?after=abc',
    );
    // Only tracking tags: the static page, the tags kept.
    expect(legacyTarget('eu', '/c/tops', params('utm_source=x'))).toBe('/eu/c/tops?utm_source=x');
  });
});

describe('listingPath', () => {
  it('links plain listings to the static page and queries to the twin', () => {
    expect(listingPath('us', 'category', 'tops')).toBe('/us/c/tops');
    expect(listingPath('us', 'collection', 'summer', 'sort=price_desc')).toBe(
      '/us/collections/summer/q?sort=price_desc',
    );
  });
});

describe('regionAlternates', () => {
  it('makes the region’s URL canonical and the region-less one the x-default', () => {
    expect(regionAlternates('eu', '/p/linen-shirt')).toEqual({
      canonical: '/eu/p/linen-shirt',
      languages: { 'x-default': '/p/linen-shirt' },
    });
    expect(regionAlternates('us', '/')).toEqual({
      canonical: '/us',
      languages: { 'x-default': '/' },
    });
  });
});

describe('switchRegionPath', () => {
  const to = (path: string, region = 'eu') => {
    const url = new URL(path, 'http://shop.test');
    return switchRegionPath(directory, url.pathname, url.searchParams, region);
  };

  it('gives the same page in the new region', () => {
    expect(to('/us/p/linen-shirt')).toBe('/eu/p/linen-shirt');
    expect(to('/us')).toBe('/eu');
    expect(to('/eu/c/tops', 'us')).toBe('/us/c/tops');
    expect(to('/us/search?q=linen')).toBe('/eu/search?q=linen');
  });

  it('drops the listing cursor (a price in the old currency) and keeps the rest', () => {
    expect(to('/us/c/tops/q?sort=price_asc&after=WyIxMCJd&size=M')).toBe(
      '/eu/c/tops/q?sort=price_asc&size=M',
    );
  });

  it('keeps the pages outside the region tree where they are', () => {
    expect(to('/cart')).toBe('/cart');
    expect(to('/account/orders/12?x=1')).toBe('/account/orders/12?x=1');
    expect(to('/checkout')).toBe('/checkout');
  });

  it('moves a region-less path of before into the new region', () => {
    expect(to('/p/linen-shirt')).toBe('/eu/p/linen-shirt');
    expect(to('/c/tops?sort=price_asc&after=x')).toBe('/eu/c/tops/q?sort=price_asc');
    expect(to('/')).toBe('/eu');
  });

  it('sends anything else (unknown regions, other paths) to the new region’s home', () => {
    expect(to('/zz/p/linen-shirt')).toBe('/eu');
    expect(to('/default/p/linen-shirt')).toBe('/eu');
    expect(to('/api/trpc/x')).toBe('/eu');
  });
});
