import { getSessionCookie } from 'better-auth/cookies';

/**
 * Cookie names start with this prefix (`shop-admin.session_token`, `__Secure-` added on https),
 * so the admin's cookies never collide with another app on the same host.
 */
export const staffCookiePrefix = 'shop-admin';

/**
 * Whether the request carries a staff session cookie. Only a hint for cheap redirects (Next's
 * proxy): the cookie may be forged or expired, so pages and procedures still verify the
 * session against the database.
 */
export function hasStaffSessionCookie(request: Request | Headers): boolean {
  return getSessionCookie(request, { cookiePrefix: staffCookiePrefix }) !== null;
}
