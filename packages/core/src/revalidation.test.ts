import { describe, expect, it } from 'vitest';
import {
  signEdgePurge,
  signRevalidation,
  verifyEdgePurge,
  verifyRevalidation,
} from './revalidation';

const secret = 'x'.repeat(40);

describe('revalidation signatures', () => {
  it('accepts a request signed with the secret', () => {
    const { body, signature } = signRevalidation(secret, ['product:1', 'catalog']);
    expect(verifyRevalidation(secret, body, signature)).toEqual({
      ok: true,
      tags: ['product:1', 'catalog'],
    });
  });

  it('refuses a wrong secret, a tampered body and a missing signature with 401', () => {
    const { body, signature } = signRevalidation(secret, ['product:1']);
    expect(verifyRevalidation('y'.repeat(40), body, signature)).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(
      verifyRevalidation(secret, body.replace('product:1', 'product:2'), signature),
    ).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(verifyRevalidation(secret, body, null)).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a replay older than five minutes', () => {
    const old = Date.now() - 6 * 60_000;
    const { body, signature } = signRevalidation(secret, ['catalog'], old);
    expect(verifyRevalidation(secret, body, signature)).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a signed body without tags with 400', () => {
    const { body, signature } = signRevalidation(secret, []);
    expect(verifyRevalidation(secret, body, signature)).toMatchObject({ ok: false, status: 400 });
  });
});

describe('edge purge signatures', () => {
  const headersOf = (h: Record<string, string>) => new Headers(h);

  it('accepts the keys it signed, as the edge forwards them', () => {
    const signed = signEdgePurge(secret, ['catalog', 'product-handle:linen']);
    expect(signed['xkey-purge']).toBe('catalog product-handle:linen');
    expect(verifyEdgePurge(secret, headersOf(signed))).toEqual({
      ok: true,
      tags: ['catalog', 'product-handle:linen'],
    });
  });

  it('refuses other keys, another secret, a changed or missing timestamp and an old purge', () => {
    const signed = signEdgePurge(secret, ['product-handle:linen']);
    const refused = [
      { ...signed, 'xkey-purge': 'catalog' },
      { ...signed, 'xkey-purge': 'product-handle:linen catalog' },
      signEdgePurge('y'.repeat(40), ['product-handle:linen']),
      { ...signed, 'x-shop-purge-timestamp': String(Date.now() + 1) },
      {
        'xkey-purge': signed['xkey-purge'] ?? '',
        'x-shop-signature': signed['x-shop-signature'] ?? '',
      },
      { ...signed, 'x-shop-purge-timestamp': '1e3' },
      signEdgePurge(secret, ['product-handle:linen'], Date.now() - 6 * 60_000),
      { ...signed, 'xkey-purge': '' },
    ];
    for (const headers of refused) {
      expect(verifyEdgePurge(secret, headersOf(headers))).toMatchObject({ ok: false, status: 401 });
    }
  });
});
