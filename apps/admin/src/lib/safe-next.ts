import { safeNextPath as safePath } from '@shop/validators';

/** The page to return to after signing in, from `?next=`: this site only, never the sign-in. */
export function safeNextPath(value: string | string[] | undefined): string {
  return safePath(value, { fallback: '/products', refused: /^\/sign-in(\?|$)/ });
}
