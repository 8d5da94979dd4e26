import { describe, expect, it } from 'vitest';
import {
  CLIENT_ADDRESS_HEADER,
  clientKeyFor,
  isInRange,
  markIdentityServer,
  parseAddress,
  parseRange,
  parseTrustedProxies,
  rateLimitSubject,
  readClientAddress,
  requestClientKey,
  resolveClientAddress,
  UNIDENTIFIED_CLIENT,
  withClientAddress,
} from './client-address';

const trust = (list: string) => parseTrustedProxies(list);

describe('parseAddress', () => {
  it('reads IPv4, IPv6 (compressed, bracketed, zoned) and IPv4-mapped IPv6', () => {
    expect(parseAddress('192.0.2.1')?.text).toBe('192.0.2.1');
    expect(parseAddress('2001:DB8::1')?.text).toBe('2001:db8:0:0:0:0:0:1');
    expect(parseAddress('[2001:db8::1]')?.text).toBe('2001:db8:0:0:0:0:0:1');
    expect(parseAddress('fe80::1%eth0')?.text).toBe('fe80:0:0:0:0:0:0:1');
    expect(parseAddress('::1')?.text).toBe('0:0:0:0:0:0:0:1');
    expect(parseAddress('::ffff:192.0.2.7')).toMatchObject({ version: 4, text: '192.0.2.7' });
    expect(parseAddress('::ffff:c000:0207')).toMatchObject({ version: 4, text: '192.0.2.7' });
    expect(parseAddress('64:ff9b::192.0.2.1')?.text).toBe('64:ff9b:0:0:0:0:c000:201');
  });

  it('refuses what is not an address', () => {
    for (const bad of [
      '',
      'unknown',
      '1.2.3',
      '1.2.3.256',
      '1.2.3.4.5',
      '01234::',
      '1::2::3',
      'a:b',
      '1:2:3:4:5:6:7:8:9',
      ' , ',
    ]) {
      expect(parseAddress(bad), bad).toBeNull();
    }
  });
});

describe('ranges', () => {
  it('matches CIDRs of both families, and a mapped peer against an IPv4 range', () => {
    const v4 = parseRange('10.1.0.0/16');
    const v6 = parseRange('2001:db8:abcd::/48');
    const one = parseRange('203.0.113.9');
    if (!v4 || !v6 || !one) throw new Error('ranges should parse');
    const a = (s: string) => {
      const p = parseAddress(s);
      if (!p) throw new Error(s);
      return p;
    };
    expect(isInRange(a('10.1.255.3'), v4)).toBe(true);
    expect(isInRange(a('10.2.0.1'), v4)).toBe(false);
    expect(isInRange(a('::ffff:10.1.2.3'), v4)).toBe(true);
    expect(isInRange(a('2001:db8:abcd:12::1'), v6)).toBe(true);
    expect(isInRange(a('2001:db8:abce::1'), v6)).toBe(false);
    expect(isInRange(a('10.1.2.3'), v6)).toBe(false);
    expect(isInRange(a('203.0.113.9'), one)).toBe(true);
    expect(isInRange(a('203.0.113.10'), one)).toBe(false);
    expect(parseRange('10.0.0.0/7')?.prefix).toBe(7);
    expect(isInRange(a('11.255.0.1'), trust('10.0.0.0/7')[0] ?? v4)).toBe(true);
  });

  it('refuses a bad TRUSTED_PROXIES entry with a sentence naming it', () => {
    expect(trust('')).toEqual([]);
    expect(trust(' 10.0.0.1 , 10.0.0.0/8,::1 ')).toHaveLength(3);
    expect(() => trust('10.0.0.1, 10.0.0.0/33, proxy.local')).toThrow(
      'must be a comma-separated list of IP addresses or CIDR ranges (not "10.0.0.0/33", "proxy.local")',
    );
  });
});

describe('resolveClientAddress', () => {
  it('with no proxy trusted, is the peer whatever X-Forwarded-For says', () => {
    for (const forwardedFor of [undefined, '1.1.1.1', '1.1.1.1, 2.2.2.2', ['3.3.3.3', '4.4.4.4']]) {
      expect(resolveClientAddress({ peer: '198.51.100.4', forwardedFor, trusted: [] })).toBe(
        '198.51.100.4',
      );
    }
    expect(
      resolveClientAddress({ peer: '::ffff:127.0.0.5', forwardedFor: '9.9.9.9', trusted: [] }),
    ).toBe('127.0.0.5');
    expect(resolveClientAddress({ peer: undefined, forwardedFor: '9.9.9.9', trusted: [] })).toBe(
      UNIDENTIFIED_CLIENT,
    );
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(
      resolveClientAddress({
        peer: '198.51.100.4',
        forwardedFor: '1.1.1.1',
        trusted: trust('10.0.0.0/8'),
      }),
    ).toBe('198.51.100.4');
  });

  it('walks a trusted chain from the right and stops at the first untrusted hop', () => {
    const trusted = trust('10.0.0.0/8, 2001:db8::/32');
    // The client forged "6.6.6.6"; the edge proxy appended the real peer 203.0.113.5.
    expect(
      resolveClientAddress({
        peer: '10.0.0.2',
        forwardedFor: '6.6.6.6, 203.0.113.5, 10.0.0.9',
        trusted,
      }),
    ).toBe('203.0.113.5');
    expect(
      resolveClientAddress({
        peer: '2001:db8::10',
        forwardedFor: ['6.6.6.6', '2001:db9::5'],
        trusted,
      }),
    ).toBe('2001:db9:0:0:0:0:0:5');
    expect(
      resolveClientAddress({ peer: '::ffff:10.0.0.2', forwardedFor: '203.0.113.5', trusted }),
    ).toBe('203.0.113.5');
  });

  it('fails closed on a malformed hop and when every hop is trusted', () => {
    const trusted = trust('10.0.0.0/8');
    expect(
      resolveClientAddress({
        peer: '10.0.0.2',
        forwardedFor: '203.0.113.5, garbage, 10.0.0.7',
        trusted,
      }),
    ).toBe('10.0.0.7');
    expect(
      resolveClientAddress({ peer: '10.0.0.2', forwardedFor: '10.0.0.3, 10.0.0.4', trusted }),
    ).toBe('10.0.0.3');
    expect(resolveClientAddress({ peer: '10.0.0.2', forwardedFor: undefined, trusted })).toBe(
      '10.0.0.2',
    );
  });
});

describe('client keys', () => {
  it('hash the address with the secret, one key per IPv4 address and per IPv6 /64', () => {
    const key = clientKeyFor('192.0.2.1', 'secret-a');
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(key).not.toContain('192');
    expect(clientKeyFor('::ffff:192.0.2.1', 'secret-a')).toBe(key);
    expect(clientKeyFor('192.0.2.2', 'secret-a')).not.toBe(key);
    expect(clientKeyFor('192.0.2.1', 'secret-b')).not.toBe(key);
    expect(rateLimitSubject('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientKeyFor('2001:db8:1:2::1', 's')).toBe(clientKeyFor('2001:db8:1:2:ffff::9', 's'));
    expect(clientKeyFor('2001:db8:1:3::1', 's')).not.toBe(clientKeyFor('2001:db8:1:2::1', 's'));
  });
});

describe('the apps reading the identity header', () => {
  it('ignore it unless the process runs under serve-next, then trust only a valid address', () => {
    const warnings: string[] = [];
    const log = { warn: (message: string) => void warnings.push(message) };
    const forged = new Headers({ [CLIENT_ADDRESS_HEADER]: '6.6.6.6' });
    expect(readClientAddress(forged, log)).toBe(UNIDENTIFIED_CLIENT);
    expect(withClientAddress(forged, log).has(CLIENT_ADDRESS_HEADER)).toBe(false);
    expect(requestClientKey(forged, 's', log)).toBe(requestClientKey(new Headers(), 's', log));
    // Once per process, naming the fix.
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/not running under tooling\/scripts\/serve-next\.ts/);

    markIdentityServer();
    expect(readClientAddress(forged, log)).toBe('6.6.6.6');
    expect(withClientAddress(forged, log).get(CLIENT_ADDRESS_HEADER)).toBe('6.6.6.6');
    expect(requestClientKey(forged, 's', log)).toBe(clientKeyFor('6.6.6.6', 's'));
    const garbage = new Headers({ [CLIENT_ADDRESS_HEADER]: 'me, really' });
    expect(readClientAddress(garbage, log)).toBe(UNIDENTIFIED_CLIENT);
    expect(withClientAddress(garbage, log).has(CLIENT_ADDRESS_HEADER)).toBe(false);
    expect(warnings).toHaveLength(1);
  });
});
