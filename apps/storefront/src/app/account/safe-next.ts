import { safeNextPath as safePath } from '@shop/validators';

const AUTH_PAGES = /^\/account\/(sign-in|register|forgot-password|reset-password)(\/|\?|$)/;

/** The page to return to after signing in, from `?next=`: this site only, never an auth page. */
export function safeNextPath(value: unknown): string {
  return safePath(value, { fallback: '/account', refused: AUTH_PAGES });
}
