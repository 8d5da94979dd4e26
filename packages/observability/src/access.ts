import { timingSafeEqual } from 'node:crypto';
import { parseAddress, readClientAddress, type WarningLog } from '@shop/env/client-address';
import { readObservabilityEnv } from './env';

export type MetricsAccess =
  { allowed: true } | { allowed: false; status: 401 | 403; message: string };

/** Is `address` (text) in 127.0.0.0/8 or ::1 (also as an IPv4-mapped IPv6 address)? */
export function isLoopback(address: string | undefined | null): boolean {
  if (!address) return false;
  const parsed = parseAddress(address);
  if (!parsed) return false;
  const b = parsed.bytes;
  if (parsed.version === 4) return b[0] === 127;
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zeros(0, 15) && b[15] === 1) return true;
  // ::ffff:127.x.y.z
  return zeros(0, 10) && b[10] === 0xff && b[11] === 0xff && b[12] === 127;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Who may read `/api/metrics`. With `METRICS_TOKEN` set: exactly the callers that send
 * `Authorization: Bearer <METRICS_TOKEN>`, from anywhere (a scraper in another container).
 * Without it: only a caller on this machine, that is a loopback peer whose request came through
 * no proxy from elsewhere (every `X-Forwarded-For` hop is loopback too: a proxy on the same machine
 * forwarding a public request makes it not local). Everyone else is refused: the metrics are never
 * public by default.
 *
 * `peer` is the caller's address as the process knows it: the socket's (the worker's listener), or
 * for the apps the address `serve-next.ts` wrote (`readClientAddress`, which answers
 * `unidentified`, never loopback, when the app runs without it: then only the token opens them).
 */
export function metricsAccess(opts: {
  headers: Headers;
  token: string | undefined;
  peer: string | undefined;
}): MetricsAccess {
  const token = opts.token === '' ? undefined : opts.token;
  const authorization = opts.headers.get('authorization');
  if (token !== undefined) {
    const given = authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
    if (given !== undefined && sameSecret(given, token)) return { allowed: true };
    return {
      allowed: false,
      status: 401,
      message: 'The metrics need Authorization: Bearer with the METRICS_TOKEN.',
    };
  }
  const hops = (opts.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  if (isLoopback(opts.peer) && hops.every(isLoopback)) return { allowed: true };
  return {
    allowed: false,
    status: 403,
    message:
      'The metrics are served to this machine only; set METRICS_TOKEN to scrape them from elsewhere.',
  };
}

/** `metricsAccess` for a request to one of the apps (the caller's address from `serve-next.ts`). */
export function appMetricsAccess(req: Request, log: WarningLog): MetricsAccess {
  return metricsAccess({
    headers: req.headers,
    token: readObservabilityEnv().metricsToken,
    peer: readClientAddress(req.headers, log),
  });
}
