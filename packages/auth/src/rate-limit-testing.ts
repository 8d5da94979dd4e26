import { randomUUID } from 'node:crypto';
import type { Database } from '@shop/db/client';
// The production server's own rule (serve-next.ts), so test requests carry what it would set.
import { parseTrustedProxies, resolveClientAddress } from '@shop/env/client-address';
import { createAuth } from './auth';
import { createCustomerAuth } from './customer-auth';
import type { RateLimiter } from './rate-limit';
import { createStaffUser } from './staff-users';

/**
 * What the sign-in limit tests share (`throttle.test.ts`, `rate-limit-store.test.ts`): sign-in
 * requests as they reach an app through serve-next, and a staff and a customer auth instance
 * each with one user whose password is `TEST_PASSWORD`. Tests only.
 */

export const TEST_PASSWORD = 'correct horse battery';

/** The identity header of the test instances (the apps' is `CLIENT_ADDRESS_HEADER`). */
export const TEST_CLIENT_ADDRESS_HEADER = 'x-test-client-address';

export type Handler = (req: Request) => Promise<Response>;

/**
 * A sign-in as it reaches the app through serve-next: the identity header decided from the socket
 * peer and `X-Forwarded-For` (which is sent too). A wrong password unless `password` is given.
 */
export function signInRequest(
  baseURL: string,
  email: string,
  opts: {
    peer: string;
    forwardedFor: string;
    trustedProxies?: string;
    password?: string;
  },
): Request {
  const address = resolveClientAddress({
    peer: opts.peer,
    forwardedFor: opts.forwardedFor,
    trusted: parseTrustedProxies(opts.trustedProxies),
  });
  return new Request(`${baseURL}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: baseURL,
      'x-forwarded-for': opts.forwardedFor,
      [TEST_CLIENT_ADDRESS_HEADER]: address,
    },
    body: JSON.stringify({ email, password: opts.password ?? 'not the password at all' }),
  });
}

export const randomAddress = () =>
  `${1 + Math.floor(Math.random() * 200)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.7`;

/** The statuses of the requests, sent one after the other. */
export async function statuses(handler: Handler, requests: (() => Request)[]): Promise<number[]> {
  const out: number[] = [];
  for (const make of requests) out.push((await handler(make())).status);
  return out;
}

/**
 * Failed sign-ins of two clients behind one trusted proxy (`proxy` in `range`), each chain
 * starting with a forged address: six of `a`, two of `b`, one more of `a`. The statuses of the
 * three runs; counted per forwarded client, they are 5 × 401 then 429, 401 twice, and 429.
 */
export async function viaTrustedProxy(
  handler: Handler,
  baseURL: string,
  email: string,
  opts: { proxy: string; range: string; a: string; b: string },
): Promise<number[][]> {
  const via = (client: string) => () =>
    signInRequest(baseURL, email, {
      peer: opts.proxy,
      forwardedFor: `6.6.6.6, ${client}`,
      trustedProxies: opts.range,
    });
  return [
    await statuses(
      handler,
      Array.from({ length: 6 }, () => via(opts.a)),
    ),
    await statuses(handler, [via(opts.b), via(opts.b)]),
    await statuses(handler, [via(opts.a)]),
  ];
}

/** What `viaTrustedProxy` answers when each forwarded client is counted on its own. */
export const COUNTED_PER_FORWARDED_CLIENT = [[401, 401, 401, 401, 401, 429], [401, 401], [429]];

export interface AuthKind {
  name: 'staff' | 'customer';
  baseURL: string;
  /** A fresh user on a fresh auth instance (over `rateLimiter`, else one over the database). */
  setup(rateLimiter?: RateLimiter): Promise<{ handler: Handler; email: string }>;
}

/** `database` is read at setup time (a test's database exists only once its `beforeAll` ran). */
export function authKinds(database: () => Database, secret: string): AuthKind[] {
  const clientAddressHeader = TEST_CLIENT_ADDRESS_HEADER;
  return [
    {
      name: 'staff',
      baseURL: 'http://localhost:3001',
      async setup(rateLimiter) {
        const db = database();
        const email = `staff-${randomUUID().slice(0, 8)}@shop.test`;
        await createStaffUser(db, {
          email,
          name: 'Staff',
          password: TEST_PASSWORD,
          role: 'support',
        });
        const auth = createAuth({
          db,
          secret,
          baseURL: this.baseURL,
          clientAddressHeader,
          ...(rateLimiter ? { rateLimiter } : {}),
        });
        return { handler: (r) => auth.handler(r), email };
      },
    },
    {
      name: 'customer',
      baseURL: 'http://localhost:3000',
      async setup(rateLimiter) {
        const db = database();
        const email = `shopper-${randomUUID().slice(0, 8)}@example.com`;
        const auth = createCustomerAuth({
          db,
          secret,
          baseURL: this.baseURL,
          clientAddressHeader,
          ...(rateLimiter ? { rateLimiter } : {}),
        });
        const signUp = await auth.handler(
          new Request(`${this.baseURL}/api/auth/sign-up/email`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              origin: this.baseURL,
              [clientAddressHeader]: randomAddress(),
            },
            body: JSON.stringify({ email, name: 'Shopper', password: TEST_PASSWORD }),
          }),
        );
        if (signUp.status !== 200) throw new Error(`sign-up answered ${signUp.status}`);
        return { handler: (r) => auth.handler(r), email };
      },
    },
  ];
}
