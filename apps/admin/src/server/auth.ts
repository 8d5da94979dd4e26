import { cache } from 'react';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { staffFromRequest } from '@shop/api';
import { createAuth, toStaffMember, type Auth } from '@shop/auth';
import { nextCookies } from 'better-auth/next-js';
import type { StaffMember } from '@shop/core';
import { getShop } from './shop';
import { CLIENT_ADDRESS_HEADER } from '@shop/env/client-address';
import { env } from '~/env';

let auth: Auth | undefined;

/**
 * The admin's better-auth instance, made on first use so that importing a route at build time
 * opens nothing.
 */
export function getAuth(): Auth {
  const shop = getShop();
  auth ??= createAuth({
    db: shop.db,
    rateLimiter: shop.rateLimiter,
    secret: env.BETTER_AUTH_SECRET,
    baseURL: env.ADMIN_URL,
    clientAddressHeader: CLIENT_ADDRESS_HEADER,
    // A session refreshed in a server action sets its new cookie; in a server component render
    // (which cannot set cookies) the refresh is skipped instead of moving the row without it.
    plugins: [nextCookies()],
  });
  return auth;
}

/** The signed-in staff member for these request headers, checked against `staff_sessions`. */
export async function getStaffFromHeaders(requestHeaders: Headers): Promise<StaffMember | null> {
  return toStaffMember(await getAuth().api.getSession({ headers: requestHeaders }));
}

/**
 * Who calls the admin API (`/api/trpc`) with these headers: the API token of an
 * `Authorization: Bearer` header (401 with a sentence when it is bad, never the cookie instead),
 * else the session. Pages and server actions use `getStaff`, which knows no tokens: a token
 * calls the API, it never signs in to the admin's pages.
 */
export function getCallerFromHeaders(requestHeaders: Headers): Promise<StaffMember | null> {
  const shop = getShop();
  return staffFromRequest(shop.db, requestHeaders, () => getStaffFromHeaders(requestHeaders), {
    clock: shop.clock,
  });
}

/** The signed-in staff member of the current request; one session lookup per request. */
export const getStaff = cache(async (): Promise<StaffMember | null> =>
  getStaffFromHeaders(await headers()),
);

/**
 * For pages and server actions: the staff member, or a redirect to /sign-in. The proxy's
 * cookie check only saves a round trip; this is the check that counts.
 */
export async function requireStaff(): Promise<StaffMember> {
  const staff = await getStaff();
  if (!staff) redirect('/sign-in');
  return staff;
}
