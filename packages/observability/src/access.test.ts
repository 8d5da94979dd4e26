import { describe, expect, it } from 'vitest';
import { isLoopback, metricsAccess } from './access';

const headers = (h: Record<string, string> = {}) => new Headers(h);

describe('metricsAccess', () => {
  it('with METRICS_TOKEN: lets in the right bearer from anywhere and refuses the rest with 401', () => {
    const token = 's3cret-token';
    expect(
      metricsAccess({
        headers: headers({ authorization: `Bearer ${token}` }),
        token,
        peer: '203.0.113.9',
      }),
    ).toEqual({ allowed: true });
    for (const authorization of [undefined, 'Bearer wrong', `Basic ${token}`, `Bearer ${token}x`]) {
      const access = metricsAccess({
        headers: headers(authorization ? { authorization } : {}),
        token,
        peer: '127.0.0.1',
      });
      expect(access).toMatchObject({ allowed: false, status: 401 });
    }
  });

  it('without a token: loopback callers only, refused with 403 otherwise', () => {
    for (const peer of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '127.5.6.7'])
      expect(metricsAccess({ headers: headers(), token: undefined, peer })).toEqual({
        allowed: true,
      });
    for (const peer of ['10.0.0.2', '203.0.113.9', '2001:db8::1', 'unidentified', undefined])
      expect(metricsAccess({ headers: headers(), token: undefined, peer })).toMatchObject({
        allowed: false,
        status: 403,
      });
  });

  it('refuses a request a proxy on this machine forwarded from elsewhere', () => {
    const forwarded = headers({ 'x-forwarded-for': '203.0.113.9, 127.0.0.1' });
    expect(
      metricsAccess({ headers: forwarded, token: undefined, peer: '127.0.0.1' }),
    ).toMatchObject({ allowed: false, status: 403 });
    const local = headers({ 'x-forwarded-for': '::1' });
    expect(metricsAccess({ headers: local, token: '', peer: '::1' })).toEqual({ allowed: true });
  });

  it('an empty METRICS_TOKEN counts as unset, never as a token everyone knows', () => {
    expect(
      metricsAccess({
        headers: headers({ authorization: 'Bearer ' }),
        token: '',
        peer: '198.51.100.1',
      }),
    ).toMatchObject({ allowed: false, status: 403 });
  });

  it('isLoopback knows loopback from lookalikes', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('::2')).toBe(false);
    expect(isLoopback('128.0.0.1')).toBe(false);
    expect(isLoopback('::ffff:10.0.0.1')).toBe(false);
    expect(isLoopback('localhost')).toBe(false);
  });
});
