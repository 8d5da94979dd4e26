/**
 * The page to return to after signing in, taken from `?next=`. Only same-site paths are
 * accepted (no `//host` or `/\host`), so the parameter cannot send anyone to another site.
 */
export function safeNextPath(value: string | string[] | undefined): string {
  const next = Array.isArray(value) ? value[0] : value;
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\'))
    return '/products';
  if (next === '/sign-in' || next.startsWith('/sign-in?') || next.startsWith('/api/'))
    return '/products';
  return next;
}
