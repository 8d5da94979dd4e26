import { TRPCError } from '@trpc/server';
import {
  API_TOKEN_PREFIX,
  isApiTokenFormat,
  verifyApiToken,
  type Clock,
  type StaffMember,
} from '@shop/core';
import type { Database } from '@shop/db/client';

const BEARER = /^Bearer +(\S+) *$/i;

const refused = (message: string) => new TRPCError({ code: 'UNAUTHORIZED', message });

/**
 * The caller of an admin API request over HTTP. A request with an `Authorization` header is
 * an API token's and only that: a malformed header or token, or one that is unknown, revoked
 * or expired, is 401 with a sentence, with no fallback to the session cookie (a script that
 * sends a dead token must hear so, not act as whoever's browser it borrowed). Without the
 * header, `session()` (the app's cookie lookup) decides. A token is read from the header only,
 * never from a cookie or the URL, so a page cannot make a browser send one (no CSRF) and it does
 * not end up in access logs.
 */
export async function staffFromRequest(
  db: Database,
  headers: Headers,
  session: () => Promise<StaffMember | null>,
  deps: { clock?: Clock } = {},
): Promise<StaffMember | null> {
  const authorization = headers.get('authorization');
  if (authorization === null) return session();
  const token = BEARER.exec(authorization)?.[1];
  if (token === undefined)
    throw refused('The Authorization header must be "Bearer" followed by an API token.');
  if (!isApiTokenFormat(token))
    throw refused(
      `That is not an API token of this shop: tokens are ${API_TOKEN_PREFIX} followed by 43 characters.`,
    );
  const principal = await verifyApiToken(db, token, deps);
  if (!principal) throw refused('This API token is unknown, revoked or expired.');
  return principal;
}
