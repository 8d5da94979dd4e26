import { describe, expect, it } from 'vitest';
import { signRevalidation, verifyRevalidation } from './revalidation';

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
