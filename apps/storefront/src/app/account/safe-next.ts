/**
 * The page to return to after signing in, from `?next=`. Only paths on this site are accepted
 * (no `//host`, `/\host` or absolute URLs), so the parameter cannot send anyone elsewhere, and
 * never back to an auth page.
 */
export function safeNextPath(value: unknown): string {
  const next = Array.isArray(value) ? value[0] : value;
  if (typeof next !== 'string' || !next.startsWith('/')) return '/account';
  if (next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/api/'))
    return '/account';
  if (/^\/account\/(sign-in|register|forgot-password|reset-password)(\/|\?|$)/.test(next)) {
    return '/account';
  }
  return next;
}
