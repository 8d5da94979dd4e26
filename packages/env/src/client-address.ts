import { createHmac } from 'node:crypto';

/**
 * Who is calling: the one place that decides a client's address, for every rate limit and the
 * sign-in throttle. Pure functions except `markIdentityServer` / `readClientAddress`, which
 * share one process-wide flag with the production server (`tooling/scripts/serve-next.ts`).
 *
 * The rule: start from the socket peer. If the peer is a trusted proxy (`TRUSTED_PROXIES`), walk
 * `X-Forwarded-For` from right to left, skipping trusted proxies; the first address that is not
 * trusted is the client. With no trusted proxies the client is the peer, and `X-Forwarded-For`
 * is never read, so changing it changes nothing.
 */

/** The request header the production server sets (after deleting any incoming copy). */
export const CLIENT_ADDRESS_HEADER = 'x-shop-client-address';

/**
 * The address every request shares when the app is not behind `serve-next.ts` (`next dev`,
 * plain `next start`): their headers cannot be trusted, so all such callers count as one client.
 * Limits then hold for everyone together (fail closed) instead of being bypassed by a header.
 */
export const UNIDENTIFIED_CLIENT = 'unidentified';

export interface ParsedAddress {
  version: 4 | 6;
  bytes: Uint8Array;
  /** Canonical text: dotted quad, or lower-case full-form IPv6 without zone. */
  text: string;
}

export interface AddressRange {
  version: 4 | 6;
  bytes: Uint8Array;
  prefix: number;
}

function parseIPv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = new Uint8Array(4);
  for (const [i, part] of parts.entries()) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    bytes[i] = n;
  }
  return bytes;
}

function parseIPv6(text: string): Uint8Array | null {
  let head = text;
  let tail: number[] = [];
  // An embedded dotted quad at the end (`::ffff:192.0.2.1`) stands for the last two groups.
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    const v4 = parseIPv4(text.slice(lastColon + 1));
    if (!v4) return null;
    tail = [((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0)];
    // Keep a `::` that ends right before the quad; drop a single separating colon.
    head = text[lastColon - 1] === ':' ? text.slice(0, lastColon + 1) : text.slice(0, lastColon);
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const toGroups = (s: string): number[] | null => {
    if (s === '') return [];
    const groups: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
      groups.push(parseInt(g, 16));
    }
    return groups;
  };
  const left = toGroups(halves[0] ?? '');
  const right = halves.length === 2 ? toGroups(halves[1] ?? '') : [];
  if (!left || !right) return null;
  const explicit = left.length + right.length + tail.length;
  let groups: number[];
  if (halves.length === 2) {
    if (explicit > 7) return null;
    groups = [...left, ...new Array<number>(8 - explicit).fill(0), ...right, ...tail];
  } else {
    if (explicit !== 8) return null;
    groups = [...left, ...tail];
  }
  const bytes = new Uint8Array(16);
  for (const [i, g] of groups.entries()) {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  }
  return bytes;
}

const V4_MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/**
 * Parses an IPv4 or IPv6 address (brackets and a `%zone` allowed). An IPv4-mapped IPv6
 * address (`::ffff:192.0.2.1`, what a dual-stack socket reports for IPv4 peers) becomes the
 * IPv4 address, so one client has one identity whichever way it connected.
 */
export function parseAddress(input: string): ParsedAddress | null {
  let text = input.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  if (text === '') return null;
  if (!text.includes(':')) {
    const bytes = parseIPv4(text);
    return bytes ? { version: 4, bytes, text: [...bytes].join('.') } : null;
  }
  const bytes = parseIPv6(text);
  if (!bytes) return null;
  if (V4_MAPPED_PREFIX.every((b, i) => bytes[i] === b)) {
    const v4 = bytes.slice(12);
    return { version: 4, bytes: v4, text: [...v4].join('.') };
  }
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2)
    groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return { version: 6, bytes, text: groups.join(':') };
}

/** Parses `192.0.2.0/24`, `2001:db8::/32` or a single address (a full-length prefix). */
export function parseRange(input: string): AddressRange | null {
  const [addressText, prefixText, extra] = input.trim().split('/');
  if (extra !== undefined || addressText === undefined) return null;
  const address = parseAddress(addressText);
  if (!address) return null;
  const bits = address.bytes.length * 8;
  if (prefixText === undefined)
    return { version: address.version, bytes: address.bytes, prefix: bits };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  let prefix = Number(prefixText);
  // `::ffff:10.0.0.0/104` names IPv4 space; count its prefix in IPv4 bits.
  if (address.version === 4 && addressText.includes(':')) prefix -= 96;
  if (prefix < 0 || prefix > bits) return null;
  return { version: address.version, bytes: address.bytes, prefix };
}

export function isInRange(address: ParsedAddress, range: AddressRange): boolean {
  if (address.version !== range.version) return false;
  let remaining = range.prefix;
  for (let i = 0; remaining > 0; i++, remaining -= 8) {
    const mask = remaining >= 8 ? 0xff : (0xff << (8 - remaining)) & 0xff;
    if (((address.bytes[i] ?? 0) & mask) !== ((range.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

/**
 * `TRUSTED_PROXIES`: comma-separated addresses and CIDR ranges; empty trusts none. Throws one
 * sentence naming the entries that are neither.
 */
export function parseTrustedProxies(text: string | undefined): AddressRange[] {
  const entries = (text ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const ranges: AddressRange[] = [];
  const bad: string[] = [];
  for (const entry of entries) {
    const range = parseRange(entry);
    if (range) ranges.push(range);
    else bad.push(entry);
  }
  if (bad.length > 0) {
    throw new Error(
      `must be a comma-separated list of IP addresses or CIDR ranges (not ${bad.map((b) => `"${b}"`).join(', ')})`,
    );
  }
  return ranges;
}

/**
 * The client's address from the socket peer and the `X-Forwarded-For` header(s). Only a trusted
 * peer's forwarded chain is read, from the right: each hop was appended by the proxy to its
 * right, so the first hop that is not a trusted proxy is the client. A malformed hop ends the
 * walk at the last trusted hop (the client is then that proxy: fail closed, never the forged
 * left end). A peer the socket cannot report is `UNIDENTIFIED_CLIENT`.
 */
export function resolveClientAddress(opts: {
  peer: string | undefined;
  forwardedFor: string | readonly string[] | undefined;
  trusted: readonly AddressRange[];
}): string {
  const peer = opts.peer === undefined ? null : parseAddress(opts.peer);
  if (!peer) return UNIDENTIFIED_CLIENT;
  const isTrusted = (a: ParsedAddress) => opts.trusted.some((r) => isInRange(a, r));
  if (!isTrusted(peer)) return peer.text;
  const header = opts.forwardedFor;
  const hops = (typeof header === 'string' ? [header] : (header ?? []))
    .join(',')
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  let current = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = parseAddress(hops[i] ?? '');
    if (!hop) return current.text;
    current = hop;
    if (!isTrusted(hop)) return hop.text;
  }
  return current.text;
}

/**
 * What one client is, for counting: an IPv4 address, or the /64 an IPv6 address is in (one
 * subscriber gets a whole /64 and can pick any address in it; better-auth collapses IPv6 the
 * same way).
 */
export function rateLimitSubject(address: string): string {
  const parsed = parseAddress(address);
  if (!parsed) return UNIDENTIFIED_CLIENT;
  if (parsed.version === 4) return parsed.text;
  return `${parsed.text.split(':').slice(0, 4).join(':')}::/64`;
}

/**
 * A keyed hash of the client's address: what limits and checkouts store, so that no raw address
 * is ever written to the database. Stable per client for one secret.
 */
export function clientKeyFor(address: string, secret: string): string {
  return createHmac('sha256', secret)
    .update(`client:${rateLimitSubject(address)}`)
    .digest('hex')
    .slice(0, 32);
}

const SERVER_FLAG = Symbol.for('shop.client-identity-server');

/**
 * Called by `serve-next.ts` before it starts Next: from then on, this process's requests carry
 * a `CLIENT_ADDRESS_HEADER` that the server itself wrote. A process-wide flag (not a header or a
 * variable a caller could set), shared with the app's bundled copy of this module.
 */
export function markIdentityServer(): void {
  (globalThis as Record<symbol, unknown>)[SERVER_FLAG] = true;
}

function isBehindIdentityServer(): boolean {
  return (globalThis as Record<symbol, unknown>)[SERVER_FLAG] === true;
}

let warnedUnidentified = false;

/** Where the warning below goes: the app's logger (`@shop/logger`, which depends on this package). */
export interface WarningLog {
  warn(message: string): void;
}

/**
 * The calling client's address as the apps see it: the header `serve-next.ts` set, or, when the
 * app runs without it (`next dev`, a bare `next start`), `UNIDENTIFIED_CLIENT` for everyone.
 *
 * Why one shared identity and not "no limits" or "trust X-Forwarded-For": without the server
 * there is no trustworthy address (Next copies the socket into `X-Forwarded-For` only when the
 * header is absent, so a forged one looks real). Failing closed keeps every limit in force and
 * unbypassable; the price is that all callers share one budget (one abuser can spend it for
 * everyone), acceptable in development and wrong in production, so the first such request logs
 * a warning naming the fix to `log`. `pnpm start` and the e2e stack always run under the server.
 */
export function readClientAddress(headers: Headers, log: WarningLog): string {
  if (!isBehindIdentityServer()) {
    if (!warnedUnidentified) {
      warnedUnidentified = true;
      log.warn(
        'this app is not running under tooling/scripts/serve-next.ts: every caller counts as one client for rate limits and the sign-in throttle. Run it through serve-next (as `pnpm start` does) in production.',
      );
    }
    return UNIDENTIFIED_CLIENT;
  }
  const value = headers.get(CLIENT_ADDRESS_HEADER);
  const parsed = value === null ? null : parseAddress(value);
  return parsed ? parsed.text : UNIDENTIFIED_CLIENT;
}

/**
 * The calling client's key for these request headers (`clientKeyFor(readClientAddress(...))`):
 * what the apps put on the tRPC context as `clientKey`.
 */
export function requestClientKey(headers: Headers, secret: string, log: WarningLog): string {
  return clientKeyFor(readClientAddress(headers, log), secret);
}

/**
 * A copy of `headers` whose `CLIENT_ADDRESS_HEADER` is the caller's address as decided above
 * (or absent for an unidentified caller), for handing a request to better-auth, which reads
 * the client's address from that header alone.
 */
export function withClientAddress(headers: Headers, log: WarningLog): Headers {
  const copy = new Headers(headers);
  const address = readClientAddress(headers, log);
  if (address === UNIDENTIFIED_CLIENT) copy.delete(CLIENT_ADDRESS_HEADER);
  else copy.set(CLIENT_ADDRESS_HEADER, address);
  return copy;
}
