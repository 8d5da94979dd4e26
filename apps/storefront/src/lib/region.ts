import { hasListingParams } from './catalog-query';

/**
 * The region in the URL. Every catalog page lives under its region's code (`/us`, `/us/p/<h>`,
 * `/us/c/<h>`, `/us/collections/<h>`, `/us/search`), so what a page shows is a function of its
 * URL alone and any URL-keyed cache (the ISR cache, a CDN) can keep it. The region-less paths
 * of before (`/`, `/p/<h>`, …) answer a redirect chosen per shopper (`regionRedirect` in
 * `server/region-redirect.ts`). Plain functions with no data access, shared by the pages, the
 * redirects and the region selector's route.
 */

/** The cookie that holds the shopper's chosen region code (set by the region selector). */
export const REGION_COOKIE = 'region';

/** The regions as the redirects need them: codes, the default's, and the countries of each. */
export interface RegionDirectory {
  defaultCode: string;
  regions: Array<{ code: string; countries: string[] }>;
}

/** Whether `code` names one of the shop's regions (`default` never does). */
export function isRegionCode(directory: RegionDirectory, code: string | undefined): code is string {
  return code !== undefined && directory.regions.some((r) => r.code === code);
}

/** `path` (region-less, starting with `/`) in `region`: `('us', '/p/x')` -> `/us/p/x`. */
export function regionPath(region: string, path = '/'): string {
  return path === '/' ? `/${region}` : `/${region}${path}`;
}

export type ListingKind = 'category' | 'collection';

/**
 * A category or collection page in `region`, with `search` (no `?`) when sorted, filtered or
 * paged. A query goes to the dynamic twin `/q` straight away (`/us/c/tops/q?sort=price_asc`):
 * the plain URL is a static ISR page that never reads its query, and linking to the twin
 * means no request the storefront's own links make passes through `proxy.ts` (which only
 * catches hand-typed or old shared listing URLs with a query, see there).
 */
export function listingPath(
  region: string,
  kind: ListingKind,
  handle: string,
  search = '',
): string {
  const base = regionPath(region, kind === 'category' ? `/c/${handle}` : `/collections/${handle}`);
  return search ? `${base}/q?${search}` : base;
}

/** A product page in `region`. */
export function productPath(region: string, handle: string): string {
  return regionPath(region, `/p/${handle}`);
}

/** The search page in `region`, with `search` (no `?`) when there is one. */
export function searchPath(region: string, search = ''): string {
  const base = regionPath(region, '/search');
  return search ? `${base}?${search}` : base;
}

/** The region-less public paths of before, which now redirect into a region. */
const LEGACY_PATH = /^\/(?:(?:p|c|collections)\/[^/]+|search)?$/;

/**
 * Where a region-less path (`/`, `/p/x`, `/c/x?sort=…`, `/search?q=…`) goes in `region`, keeping
 * its query; a listing with a query goes to its dynamic twin. Any other path gives the home.
 */
export function legacyTarget(region: string, pathname: string, search: URLSearchParams): string {
  const query = search.toString();
  const [, prefix, handle] = /^\/(c|collections)\/([^/]+)$/.exec(pathname) ?? [];
  if (handle !== undefined && hasListingParams(search)) {
    return listingPath(region, prefix === 'c' ? 'category' : 'collection', handle, query);
  }
  const path = regionPath(region, LEGACY_PATH.test(pathname) ? pathname : '/');
  return query ? `${path}?${query}` : path;
}

/**
 * The same page in another region, for the region selector: `/us/p/x` -> `/eu/p/x`. The
 * listing cursor (`after`) is dropped, since it holds a price in the old currency; pages outside
 * the region tree (cart, account) and region-less paths keep their path. Anything that is not
 * a same-origin path of ours gives the new region's home.
 */
export function switchRegionPath(
  directory: RegionDirectory,
  pathname: string,
  search: URLSearchParams,
  to: string,
): string {
  const params = new URLSearchParams(search);
  params.delete('after');
  const query = params.toString();
  const withQuery = (path: string) => (query ? `${path}?${query}` : path);
  const [, first = '', rest = ''] = /^\/([^/]*)(\/.*)?$/.exec(pathname) ?? [];
  if (isRegionCode(directory, first)) return withQuery(regionPath(to, rest || '/'));
  if (LEGACY_PATH.test(pathname)) return legacyTarget(to, pathname, params);
  if (/^\/(?:cart|checkout|account)(?:\/|$)/.test(pathname)) return withQuery(pathname);
  return regionPath(to);
}

/**
 * Most countries' main language, for an `Accept-Language` that names no country (`de`, `fr`).
 * Languages spoken as the first language of many countries (English, Spanish, Portuguese,
 * Arabic…) are left out on purpose: `es` alone does not say Spain rather than Mexico.
 */
const LANGUAGE_COUNTRY: Record<string, string> = {
  bg: 'BG',
  cs: 'CZ',
  da: 'DK',
  de: 'DE',
  el: 'GR',
  et: 'EE',
  fi: 'FI',
  fr: 'FR',
  ga: 'IE',
  hr: 'HR',
  hu: 'HU',
  is: 'IS',
  it: 'IT',
  ja: 'JP',
  ko: 'KR',
  lt: 'LT',
  lv: 'LV',
  nb: 'NO',
  nl: 'NL',
  nn: 'NO',
  no: 'NO',
  pl: 'PL',
  ro: 'RO',
  sk: 'SK',
  sl: 'SI',
  sv: 'SE',
};

/** The tags of an `Accept-Language` header, most wanted first (`q=0` ones left out). */
export function parseAcceptLanguage(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .slice(0, 32)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      const weight = q === undefined ? 1 : Number(q);
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((t) => t.tag !== '' && t.tag !== '*' && t.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((t) => t.tag);
}

/**
 * The region for a shopper arriving on a region-less URL: the `region` cookie when it names a
 * real region; else the first country the browser's languages name (`de-DE`, `en-US`; script
 * subtags like `zh-Hant-TW` are skipped) that some region ships to; else the first bare
 * language whose main country a region ships to (`de` -> DE); else the default region.
 */
export function chooseRegion(
  directory: RegionDirectory,
  { cookie, acceptLanguage }: { cookie?: string; acceptLanguage?: string | null },
): string {
  if (isRegionCode(directory, cookie)) return cookie;
  const regionOf = (country: string | undefined) =>
    country === undefined
      ? undefined
      : directory.regions.find((r) => r.countries.includes(country))?.code;
  const tags = parseAcceptLanguage(acceptLanguage).map((tag) => tag.split('-'));
  for (const [, ...subtags] of tags) {
    const country = subtags.find((s) => /^[a-z]{2}$/i.test(s))?.toUpperCase();
    const found = regionOf(country);
    if (found) return found;
  }
  for (const [language = ''] of tags) {
    const found = regionOf(LANGUAGE_COUNTRY[language.toLowerCase()]);
    if (found) return found;
  }
  return directory.defaultCode;
}

/**
 * `alternates` metadata of a catalog page: its canonical URL in `region`, and the region-less
 * path as `x-default` (the URL that sends each shopper to their own region).
 */
export function regionAlternates(region: string, path: string) {
  return { canonical: regionPath(region, path), languages: { 'x-default': path } };
}
