/** The cookie that holds the shopper's chosen region code (set by a region switcher later). */
export const REGION_COOKIE = 'region';

/** What the proxy rewrites to when no valid region cookie is present; the core resolves it. */
export const DEFAULT_REGION = 'default';

const regionCode = /^[a-z]{2,8}$/;

/** A cookie value we may put into a URL segment; anything else falls back to the default. */
export function regionFromCookie(value: string | undefined): string {
  return value !== undefined && regionCode.test(value) ? value : DEFAULT_REGION;
}

/** Whether a `[region]` URL segment is one the API accepts (a code or `default`). */
export function isRegionParam(value: string): boolean {
  return value === DEFAULT_REGION || regionCode.test(value);
}
