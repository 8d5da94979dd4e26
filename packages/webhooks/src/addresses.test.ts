import { describe, expect, it } from 'vitest';
import {
  AddressNotAllowedError,
  allowedAddresses,
  bareHostname,
  blockedAddressKind,
  parseAllowList,
  type Resolve,
} from './addresses';

const none = parseAllowList('');

describe('blockedAddressKind', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.255.0.9', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['::ffff:127.0.0.1', 'a loopback address'],
    ['::ffff:7f00:1', 'a loopback address'],
    ['10.0.0.1', 'a private address'],
    ['172.16.5.4', 'a private address'],
    ['172.31.255.255', 'a private address'],
    ['192.168.0.1', 'a private address'],
    ['100.64.0.1', 'a private address'],
    ['::ffff:192.168.1.1', 'a private address'],
    ['169.254.169.254', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['fd12:3456::1', 'a unique-local address'],
    ['fc00::1', 'a unique-local address'],
    ['224.0.0.251', 'a multicast address'],
    ['ff02::1', 'a multicast address'],
    ['0.0.0.0', 'an unspecified address'],
    ['::', 'an unspecified address'],
    ['255.255.255.255', 'a reserved address'],
    ['64:ff9b::7f00:1', 'an IPv4-translated address'],
    // The other IPv6 forms that carry an IPv4 address (a translator on the way may unwrap them).
    ['64:ff9b:1::7f00:1', 'an IPv4-translated address'],
    ['::ffff:0:7f00:1', 'an IPv4-translated address'],
    ['::7f00:1', 'an IPv4-compatible address'],
    ['::a9fe:a9fe', 'an IPv4-compatible address'],
  ])('%s is %s', (address, kind) => {
    expect(blockedAddressKind(address, none)).toBe(kind);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    '%s is public',
    (address) => {
      expect(blockedAddressKind(address, none)).toBeNull();
    },
  );

  it('lets the allow-list through, by address or range, mapped or not', () => {
    expect(blockedAddressKind('127.0.0.1', parseAllowList('127.0.0.1'))).toBeNull();
    expect(blockedAddressKind('::ffff:127.0.0.1', parseAllowList('127.0.0.1'))).toBeNull();
    expect(blockedAddressKind('10.2.3.4', parseAllowList('10.0.0.0/8'))).toBeNull();
    expect(blockedAddressKind('10.2.3.4', parseAllowList('10.1.0.0/16'))).toBe('a private address');
    expect(blockedAddressKind('fd00::5', parseAllowList('fd00::/8'))).toBeNull();
  });
});

describe('parseAllowList', () => {
  it('reads hostnames, addresses and ranges; refuses anything else with a sentence', () => {
    expect(parseAllowList(' Localhost , 127.0.0.1,10.0.0.0/8 ,').hosts).toEqual(['localhost']);
    expect(parseAllowList('127.0.0.1,10.0.0.0/8').ranges).toHaveLength(2);
    expect(() => parseAllowList('10.0.0.0/33,http://x')).toThrow(
      'must be a comma-separated list of hostnames, IP addresses or CIDR ranges (not "10.0.0.0/33", "http://x")',
    );
  });
});

describe('allowedAddresses', () => {
  const dns =
    (...addresses: string[]): Resolve =>
    () =>
      Promise.resolve(
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      );

  it('keeps only the allowed addresses of a name and refuses a name with none', async () => {
    await expect(
      allowedAddresses('mixed.test', none, dns('127.0.0.1', '93.184.216.34')),
    ).resolves.toEqual([{ address: '93.184.216.34', family: 4 }]);
    await expect(allowedAddresses('inside.test', none, dns('10.0.0.7', '::1'))).rejects.toThrow(
      new AddressNotAllowedError(
        'inside.test resolves to 10.0.0.7, which is a private address; add it to WEBHOOK_ALLOWED_HOSTS to allow it.',
      ),
    );
  });

  it('trusts an allow-listed hostname whatever it resolves to, and reports a name that does not resolve', async () => {
    await expect(
      allowedAddresses('LOCALHOST', parseAllowList('localhost'), dns('127.0.0.1')),
    ).resolves.toHaveLength(1);
    const failing: Resolve = () => Promise.reject(new Error('getaddrinfo ENOTFOUND nowhere.test'));
    await expect(allowedAddresses('nowhere.test', none, failing)).rejects.toThrow(
      'The host nowhere.test could not be resolved (getaddrinfo ENOTFOUND nowhere.test).',
    );
  });
});

describe('URLs that spell a refused address another way', () => {
  const nothing: Resolve = () => Promise.reject(new Error('no DNS in this test'));
  const localDns: Resolve = () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]);

  // WHATWG URL parsing normalises the IPv4 spellings, so each reaches the rule as 127.0.0.1.
  it.each([
    'http://2130706433/',
    'http://0x7f.1/',
    'http://017700000001/',
    'http://127.1/',
    'http://[::ffff:7f00:1]/',
    'http://[0:0:0:0:0:ffff:127.0.0.1]/',
    'http://0/',
    'http://[::]/',
    'http://[::127.0.0.1]/',
  ])('%s is refused', async (url) => {
    await expect(
      allowedAddresses(bareHostname(new URL(url)), none, nothing),
    ).rejects.toBeInstanceOf(AddressNotAllowedError);
  });

  it('a trailing dot or a look-alike suffix does not match an allow-listed name', async () => {
    const allow = parseAllowList('hooks.internal');
    for (const host of ['hooks.internal.', 'hooks.internal.evil.test', 'evilhooks.internal']) {
      await expect(allowedAddresses(host, allow, localDns)).rejects.toThrow(
        `${host} resolves to 127.0.0.1, which is a loopback address`,
      );
    }
  });
});
