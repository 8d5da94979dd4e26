import { lookup } from 'node:dns/promises';
import {
  isInRange,
  parseAddress,
  parseRange,
  type AddressRange,
  type ParsedAddress,
} from '@shop/env/client-address';

/**
 * Where a webhook may be sent. A merchant types the URL, so without a rule the worker would
 * POST wherever it is told: the database's port, a cloud metadata service, the admin itself.
 * Addresses that are not on the public internet are refused unless `WEBHOOK_ALLOWED_HOSTS`
 * names them (a hostname, an address or a CIDR range), and the rule is applied twice: when the
 * URL is registered and to the address each delivery actually connects to, so a hostname that
 * starts resolving to 127.0.0.1 later (DNS rebinding) is still refused.
 */

export interface AllowList {
  /** Lower-case hostnames allowed whatever they resolve to (`localhost`, `hooks.internal`). */
  hosts: readonly string[];
  /** Addresses and ranges allowed although not public. */
  ranges: readonly AddressRange[];
}

export const EMPTY_ALLOW_LIST: AllowList = { hosts: [], ranges: [] };

/**
 * `WEBHOOK_ALLOWED_HOSTS`: comma-separated hostnames, IP addresses or CIDR ranges. Throws one
 * sentence naming the entries that are none of them.
 */
export function parseAllowList(text: string | undefined): AllowList {
  const hosts: string[] = [];
  const ranges: AddressRange[] = [];
  const bad: string[] = [];
  for (const entry of (text ?? '').split(',').map((e) => e.trim().toLowerCase())) {
    if (entry === '') continue;
    const range = parseRange(entry);
    if (range) ranges.push(range);
    else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(entry))
      hosts.push(entry);
    else bad.push(entry);
  }
  if (bad.length > 0) {
    throw new Error(
      `must be a comma-separated list of hostnames, IP addresses or CIDR ranges (not ${bad.map((b) => `"${b}"`).join(', ')})`,
    );
  }
  return { hosts, ranges };
}

/** The special-purpose ranges no webhook goes to unless allowed, with what each is called. */
const BLOCKED: readonly { range: AddressRange; kind: string }[] = [
  { range: '0.0.0.0/8', kind: 'an unspecified address' },
  { range: '10.0.0.0/8', kind: 'a private address' },
  { range: '100.64.0.0/10', kind: 'a private address' },
  { range: '127.0.0.0/8', kind: 'a loopback address' },
  { range: '169.254.0.0/16', kind: 'a link-local address' },
  { range: '172.16.0.0/12', kind: 'a private address' },
  { range: '192.0.0.0/24', kind: 'a private address' },
  { range: '192.168.0.0/16', kind: 'a private address' },
  { range: '198.18.0.0/15', kind: 'a private address' },
  { range: '224.0.0.0/4', kind: 'a multicast address' },
  { range: '240.0.0.0/4', kind: 'a reserved address' },
  { range: '::/128', kind: 'an unspecified address' },
  { range: '::1/128', kind: 'a loopback address' },
  { range: 'fc00::/7', kind: 'a unique-local address' },
  { range: 'fe80::/10', kind: 'a link-local address' },
  { range: 'ff00::/8', kind: 'a multicast address' },
  // NAT64 and 6to4 embed IPv4 addresses (64:ff9b::7f00:1 reaches 127.0.0.1 through a NAT64).
  { range: '64:ff9b::/96', kind: 'an IPv4-translated address' },
  { range: '64:ff9b:1::/48', kind: 'an IPv4-translated address' },
  { range: '2002::/16', kind: 'a 6to4 address' },
  // So do SIIT's ::ffff:0:a.b.c.d and the deprecated IPv4-compatible ::a.b.c.d (after :: and ::1).
  { range: '::ffff:0:0:0/96', kind: 'an IPv4-translated address' },
  { range: '::/96', kind: 'an IPv4-compatible address' },
].map((b) => {
  const range = parseRange(b.range);
  if (!range) throw new Error(`bad built-in range ${b.range}`);
  return { range, kind: b.kind };
});

/**
 * Why this address may not receive webhooks (`a loopback address`), or null when it may: a
 * public address, or one in the allow-list. IPv4-mapped IPv6 (`::ffff:127.0.0.1`) is judged as
 * the IPv4 address it is (`parseAddress` unwraps it).
 */
export function blockedAddressKind(address: string, allow: AllowList): string | null {
  const parsed: ParsedAddress | null = parseAddress(address);
  if (!parsed) return 'not an IP address';
  if (allow.ranges.some((r) => isInRange(parsed, r))) return null;
  return BLOCKED.find((b) => isInRange(parsed, b.range))?.kind ?? null;
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** How hostnames become addresses: the system resolver by default; tests hand in their own. */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolve: Resolve = (hostname) => lookup(hostname, { all: true });

export function isAllowedHost(hostname: string, allow: AllowList): boolean {
  return allow.hosts.includes(hostname.toLowerCase());
}

/** The hostname of a URL without IPv6 brackets (`[::1]` → `::1`). */
export function bareHostname(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

export class AddressNotAllowedError extends Error {
  override name = 'AddressNotAllowedError';
}

/**
 * The addresses of `hostname` that a webhook may be sent to, in the resolver's order. Throws
 * `AddressNotAllowedError` with a sentence when there is none (every address is refused, or the
 * name does not resolve). An allowed hostname is not checked further.
 */
export async function allowedAddresses(
  hostname: string,
  allow: AllowList,
  resolve: Resolve,
): Promise<ResolvedAddress[]> {
  const literal = parseAddress(hostname);
  const addresses: ResolvedAddress[] = literal
    ? [{ address: literal.text, family: literal.version }]
    : await resolve(hostname).catch((err: unknown) => {
        throw new AddressNotAllowedError(
          `The host ${hostname} could not be resolved (${err instanceof Error ? err.message : String(err)}).`,
          { cause: err },
        );
      });
  if (isAllowedHost(hostname, allow)) return addresses;
  const allowed = addresses.filter((a) => blockedAddressKind(a.address, allow) === null);
  const [refused] = addresses.filter((a) => blockedAddressKind(a.address, allow) !== null);
  if (allowed.length > 0) return allowed;
  if (!refused) throw new AddressNotAllowedError(`The host ${hostname} has no address.`);
  const kind = blockedAddressKind(refused.address, allow);
  const subject = literal ? refused.address : `${hostname} resolves to ${refused.address}, which`;
  throw new AddressNotAllowedError(
    `${subject} is ${kind}; add it to WEBHOOK_ALLOWED_HOSTS to allow it.`,
  );
}
