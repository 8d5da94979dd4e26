import { describe, expect, it } from 'vitest';
import { auditValue } from './audit';

describe('auditValue', () => {
  it('redacts credentials a plugin setting may hold, and no key merely starting like one', () => {
    expect(
      auditValue({ apiKey: 'k', stripe_private_key: 'p', clientSecret: 's', tokenId: 4 }),
    ).toEqual({
      apiKey: '[redacted]',
      stripe_private_key: '[redacted]',
      clientSecret: '[redacted]',
      tokenId: 4,
    });
  });

  it('redacts secrets at any depth and keeps the rest', () => {
    expect(
      auditValue({
        name: 'erp',
        token: 'shop_pat_x',
        view: { id: 3, secret: 'whsec_y' },
        password: null,
      }),
    ).toEqual({
      name: 'erp',
      token: '[redacted]',
      view: { id: 3, secret: '[redacted]' },
      password: null,
    });
  });

  it('stores what jsonb cannot hold as text: NUL characters in keys and values, BigInts, cycles, dates', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(auditValue({ 'k\u0000': 'v\u0000w', n: 10n, cyclic, at: new Date(0) })).toEqual({
      'k\uFFFD': 'v\uFFFDw',
      n: '10',
      cyclic: { a: 1, self: '[cycle]' },
      at: '1970-01-01T00:00:00.000Z',
    });
    expect(auditValue(undefined)).toBeNull();
  });

  it('keeps only the size of a value over 32,000 characters', () => {
    expect(auditValue({ csv: 'x'.repeat(40_000) })).toEqual({ truncated: true, chars: 40_010 });
  });
});
