/**
 * The production server for a built Next app: `next start`, plus the client's identity.
 *
 *   node --import tsx tooling/scripts/serve-next.ts --dir apps/storefront --port 3000
 *
 * Next does not give route handlers the socket's address, and its own server fills
 * `X-Forwarded-For` from the socket only when the header is absent, so a forged header looks
 * exactly like a real one there. This server sees the socket: it decides the client's address
 * from the peer and `X-Forwarded-For` with `TRUSTED_PROXIES` (`resolveClientAddress` in
 * `@shop/env/client-address`), deletes any incoming copy of the identity header and sets its
 * own, which the apps trust (and only then: an app started without this server counts every
 * caller as one "unidentified" client, see docs/limits.md).
 */
import { createRequire } from 'node:module';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, createShopEnv, zPort, zTrustedProxies } from '@shop/env';
import {
  CLIENT_ADDRESS_HEADER,
  markIdentityServer,
  resolveClientAddress,
  type AddressRange,
} from '@shop/env/client-address';
import { createPageMicrocache, readMicrocacheTtl } from './lib/page-microcache';

type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
type CreateNextServer = (options: {
  dir: string;
  dev: boolean;
  port: number;
  hostname?: string;
}) => { prepare(): Promise<void>; getRequestHandler(): RequestHandler };

/**
 * Replaces any incoming copy of the identity header with this server's verdict, in both views
 * Node keeps of the headers (`headers`, lower-cased with repeats joined; `rawHeaders`, as sent),
 * before the app sees the request.
 */
export function identifyClient(req: http.IncomingMessage, trusted: readonly AddressRange[]): void {
  for (let i = req.rawHeaders.length - 2; i >= 0; i -= 2) {
    if (req.rawHeaders[i]?.toLowerCase() === CLIENT_ADDRESS_HEADER) req.rawHeaders.splice(i, 2);
  }
  const address = resolveClientAddress({
    peer: req.socket.remoteAddress,
    forwardedFor: req.headers['x-forwarded-for'],
    trusted,
  });
  req.headers[CLIENT_ADDRESS_HEADER] = address;
  req.rawHeaders.push(CLIENT_ADDRESS_HEADER, address);
}

/**
 * What a replica serves (`SHOP_ROLE`): `all` (the default: one process serves everything, as
 * `pnpm start` runs it), `pages` (the page tier: rendered pages, assets and media; pages call
 * the core in-process, not over HTTP) or `api` (the API tier: `/api/*` only — tRPC, auth,
 * webhooks). Both tiers answer the probes (`/api/health`, `/api/ready`, `/api/metrics`), so a
 * load balancer can check either, and `/api/revalidate`. The edge routes `/api/*` to the API
 * replicas and everything else to the page replicas (docs/deploy.md); a request that reaches
 * the wrong tier gets a 404 instead of being served there, so a routing mistake shows at once
 * rather than as load landing on the wrong replicas.
 */
export const SHOP_ROLES = ['all', 'pages', 'api'] as const;
export type ShopRole = (typeof SHOP_ROLES)[number];

/**
 * Paths every tier answers: the probes, `/api/revalidate`, which the worker sends to each
 * replica to mark its own page cache stale (a page replica's ISR pages live in that replica),
 * and `/api/edge/purge-check`, the edge's signature check before a purge (docs/deploy.md).
 */
const EVERY_TIER = new Set([
  '/api/health',
  '/api/ready',
  '/api/metrics',
  '/api/revalidate',
  '/api/edge/purge-check',
]);

/** Whether a replica in `role` serves `url` (a request target: path and query). */
export function servesPath(role: ShopRole, url: string): boolean {
  if (role === 'all') return true;
  const pathname = url.split('?')[0] ?? '/';
  if (EVERY_TIER.has(pathname)) return true;
  const isApi = pathname === '/api' || pathname.startsWith('/api/');
  return role === 'api' ? isApi : !isApi;
}

/** `SHOP_ROLE`, unset or empty: `all`; anything else but a role stops the start with a sentence. */
export function readShopRole(value: string | undefined): ShopRole {
  if (value === undefined || value === '') return 'all';
  const role = SHOP_ROLES.find((r) => r === value);
  if (!role) throw new ConfigError(`SHOP_ROLE must be all, pages or api (got "${value}").`);
  return role;
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const env = createShopEnv(
    { PORT: zPort(3000), TRUSTED_PROXIES: zTrustedProxies },
    { PORT: argument('port') ?? process.env.PORT, TRUSTED_PROXIES: process.env.TRUSTED_PROXIES },
  );
  const role = readShopRole(process.env.SHOP_ROLE);
  const dir = path.resolve(argument('dir') ?? '.');
  // Next and the app resolve files from their own directory, as under `next start`.
  process.chdir(dir);
  const trusted = env.TRUSTED_PROXIES;

  markIdentityServer();
  const requireFromApp = createRequire(path.join(dir, 'package.json'));
  const createNextServer = requireFromApp('next') as CreateNextServer;
  const app = createNextServer({ dir, dev: false, port: env.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  // Shared pages answered again for a moment without Next's pipeline (lib/page-microcache.ts).
  const microcache = createPageMicrocache({
    ttlMs: readMicrocacheTtl(process.env.ORIGIN_PAGE_CACHE_MS),
  });
  const serve = microcache.wrap((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error('[serve-next] request failed:', err);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Something went wrong on our side. Please try again.');
    });
  });

  const server = http.createServer((req, res) => {
    if (!servesPath(role, req.url ?? '/')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`This ${role} replica does not serve ${req.url?.split('?')[0] ?? '/'}.`);
      return;
    }
    identifyClient(req, trusted);
    serve(req, res);
  });
  server.listen(env.PORT, () => {
    const proxies = trusted.length === 0 ? 'none' : String(process.env.TRUSTED_PROXIES);
    console.log(
      `[serve-next] ${path.basename(dir)} on port ${env.PORT} (role ${role}); trusted proxies: ${proxies}`,
    );
  });
  const stop = () => {
    server.close(() => process.exit(0));
    // Keep-alive connections would hold close() open; the supervisor's grace period is short.
    server.closeAllConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

// Run as a program, not when a test imports `identifyClient`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  });
}
