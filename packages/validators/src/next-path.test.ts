import { describe, expect, it } from 'vitest';
import { safeNextPath } from './next-path';

const storefront = {
  fallback: '/account',
  refused: /^\/account\/(sign-in|register|forgot-password|reset-password)(\/|\?|$)/,
};
const admin = { fallback: '/products', refused: /^\/sign-in(\?|$)/ };

describe('safeNextPath', () => {
  it('keeps a path on this site, with its query', () => {
    expect(safeNextPath('/account/orders/12?x=1', storefront)).toBe('/account/orders/12?x=1');
    expect(safeNextPath(['/orders', '/other'], admin)).toBe('/orders');
  });

  it('refuses other sites, API routes, auth pages and non-strings', () => {
    for (const value of ['//evil.example', '/\\evil.example', 'https://evil.example', '/api/x'])
      expect(safeNextPath(value, storefront)).toBe('/account');
    expect(safeNextPath('/account/sign-in?next=/x', storefront)).toBe('/account');
    expect(safeNextPath('/account/register', storefront)).toBe('/account');
    expect(safeNextPath('/account/registered', storefront)).toBe('/account/registered');
    expect(safeNextPath('/sign-in', admin)).toBe('/products');
    expect(safeNextPath('/sign-in?next=/x', admin)).toBe('/products');
    expect(safeNextPath('/sign-input', admin)).toBe('/sign-input');
    expect(safeNextPath(undefined, admin)).toBe('/products');
    expect(safeNextPath('', admin)).toBe('/products');
    expect(safeNextPath(42, storefront)).toBe('/account');
  });
});
