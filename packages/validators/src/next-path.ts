/**
 * The page to return to after signing in, from `?next=`. Only paths on this site are accepted
 * (no `//host`, `/\host` or absolute URLs), so the parameter cannot send anyone elsewhere; never
 * an API route, nor a page that `refused` matches (the app's auth pages). Anything else gives
 * `fallback`.
 */
export function safeNextPath(
  value: unknown,
  { fallback, refused }: { fallback: string; refused: RegExp },
): string {
  const next = Array.isArray(value) ? (value as unknown[])[0] : value;
  if (typeof next !== 'string' || !next.startsWith('/')) return fallback;
  if (next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/api/')) return fallback;
  if (refused.test(next)) return fallback;
  return next;
}
