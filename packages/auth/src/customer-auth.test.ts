import { listQueuedJobs } from '@shop/db/jobs';
import { customerAccounts, customers, staffUsers } from '@shop/db/schema';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth } from './auth';
import {
  createCustomerAuth,
  hasCustomerSessionCookie,
  readSetCookies,
  toCustomer,
  type CustomerAuth,
} from './customer-auth';

const baseURL = 'http://localhost:3000';
const secret = 'customer-test-secret-that-is-long-enough-0123';
/** The header the apps set to the caller's address (see @shop/env/client-address). */
const clientAddressHeader = 'x-test-client-address';
let nextClient = 0;
/** A distinct client address per request, so these tests never meet the sign-in throttle. */
const freshClient = () => `10.1.${Math.floor(++nextClient / 250)}.${nextClient % 250}`;
const password = 'tea and biscuits';

let tdb: TestDatabase;
let auth: CustomerAuth;

beforeAll(async () => {
  tdb = await createTestDatabase('customer_auth');
  auth = createCustomerAuth({ db: tdb.db, secret, baseURL, clientAddressHeader });
});
afterAll(async () => {
  await tdb?.drop();
});

function post(path: string, body: unknown, cookie?: string): Request {
  const headers = new Headers({
    'content-type': 'application/json',
    origin: baseURL,
    [clientAddressHeader]: freshClient(),
  });
  if (cookie) headers.set('cookie', cookie);
  return new Request(`${baseURL}/api/auth${path}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
}

/** The `Cookie` header a browser would send back after this response. */
function cookieFrom(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

async function signIn(email: string, pw: string): Promise<Response> {
  return auth.handler(post('/sign-in/email', { email, password: pw }));
}

/** Asks for a reset link and returns the token from the mail job it enqueued. */
async function requestReset(email: string): Promise<string> {
  const before = (await listQueuedJobs(tdb.db, 'send-mail')).length;
  const res = await auth.handler(
    post('/request-password-reset', { email, redirectTo: '/account/reset-password' }),
  );
  expect(res.status).toBe(200);
  const jobs = await listQueuedJobs(tdb.db, 'send-mail');
  expect(jobs).toHaveLength(before + 1);
  const payload = jobs.at(-1)?.payload as { template: string; to: string; data: { url: string } };
  expect(payload).toMatchObject({ template: 'password-reset', to: email });
  const url = new URL(payload.data.url);
  expect(url.origin).toBe(baseURL);
  const token = /\/api\/auth\/reset-password\/([^/?]+)$/.exec(url.pathname)?.[1];
  if (!token) throw new Error(`no token in ${payload.data.url}`);
  expect(url.searchParams.get('callbackURL')).toBe('/account/reset-password');
  return token;
}

describe('customer auth', () => {
  it('registers a customer over HTTP and signs them in with a shop.* cookie', async () => {
    const res = await auth.handler(
      post('/sign-up/email', { email: 'Ada@Example.com', name: 'Ada', password }),
    );
    expect(res.status).toBe(200);
    const cookie = cookieFrom(res);
    expect(cookie).toMatch(/^shop\.session_token=/);
    expect(hasCustomerSessionCookie(new Headers({ cookie }))).toBe(true);

    const session = await auth.api.getSession({ headers: new Headers({ cookie }) });
    const customer = toCustomer(session);
    expect(customer).toMatchObject({ email: 'ada@example.com', name: 'Ada' });

    // The rows are the customer tables', with better-auth's hashed credential.
    const [row] = await tdb.db
      .select()
      .from(customers)
      .where(eq(customers.email, 'ada@example.com'));
    expect(row?.id).toBe(customer?.id);
    const [account] = await tdb.db
      .select()
      .from(customerAccounts)
      .where(eq(customerAccounts.userId, row?.id ?? ''));
    expect(account).toMatchObject({ providerId: 'credential' });
    expect(account?.password).not.toContain(password);
    expect(await tdb.db.select().from(staffUsers)).toHaveLength(0);
  });

  it('refuses a second registration with the same email', async () => {
    const res = await auth.handler(
      post('/sign-up/email', { email: 'ada@example.com', name: 'Other Ada', password }),
    );
    expect(res.status).toBe(422);
    expect(
      await tdb.db.select().from(customers).where(eq(customers.email, 'ada@example.com')),
    ).toHaveLength(1);
  });

  it('refuses a password shorter than 8 characters', async () => {
    const res = await auth.handler(
      post('/sign-up/email', { email: 'short@example.com', name: 'Short', password: 'abc' }),
    );
    expect(res.status).toBe(400);
  });

  it('signs in with the right password and refuses a wrong one', async () => {
    const ok = await signIn('ada@example.com', password);
    expect(ok.status).toBe(200);
    expect(cookieFrom(ok)).toMatch(/^shop\.session_token=/);

    const wrong = await signIn('ada@example.com', 'not the password');
    expect(wrong.status).toBe(401);
    expect(
      wrong.headers
        .getSetCookie()
        .some((c) => c.startsWith('shop.session_token=') && !c.includes('Max-Age=0')),
    ).toBe(false);
  });

  it('gives server-side sign-in cookies to whoever must set them (server actions)', async () => {
    const { headers, response } = await auth.api.signInEmail({
      body: { email: 'ada@example.com', password },
      returnHeaders: true,
    });
    expect(response.user.email).toBe('ada@example.com');
    const cookies = readSetCookies(headers);
    const session = cookies.find((c) => c.name === 'shop.session_token');
    expect(session).toMatchObject({
      options: { httpOnly: true, path: '/', sameSite: 'lax', maxAge: 30 * 24 * 60 * 60 },
    });
    const cookie = `${session?.name}=${session?.value}`;
    expect(
      toCustomer(await auth.api.getSession({ headers: new Headers({ cookie }) })),
    ).toMatchObject({ email: 'ada@example.com' });
  });

  it('does not accept a staff session cookie name, nor the staff instance a customer', async () => {
    const staffAuth = createAuth({
      db: tdb.db,
      secret,
      baseURL: 'http://localhost:3001',
      clientAddressHeader,
    });
    await expect(
      staffAuth.api.signInEmail({ body: { email: 'ada@example.com', password } }),
    ).rejects.toThrow();
    const res = await signIn('ada@example.com', password);
    const staffNamed = cookieFrom(res).replace(/^shop\./, 'shop-admin.');
    expect(
      await staffAuth.api.getSession({ headers: new Headers({ cookie: staffNamed }) }),
    ).toBeNull();
  });

  it('mails a reset link through the queue; the token sets a new password once', async () => {
    const oldSession = cookieFrom(await signIn('ada@example.com', password));
    const token = await requestReset('ada@example.com');

    const newPassword = 'a brand new passphrase';
    const reset = await auth.handler(post('/reset-password', { token, newPassword }));
    expect(reset.status).toBe(200);

    expect((await signIn('ada@example.com', password)).status).toBe(401);
    expect((await signIn('ada@example.com', newPassword)).status).toBe(200);
    // Other devices are signed out by the reset.
    expect(await auth.api.getSession({ headers: new Headers({ cookie: oldSession }) })).toBeNull();

    const again = await auth.handler(
      post('/reset-password', { token, newPassword: 'x'.repeat(12) }),
    );
    expect(again.status).toBe(400);
  });

  it('answers a reset request for an unknown email the same way, and mails nothing', async () => {
    const before = await listQueuedJobs(tdb.db, 'send-mail');
    const res = await auth.handler(
      post('/request-password-reset', {
        email: 'nobody@example.com',
        redirectTo: '/account/reset-password',
      }),
    );
    expect(res.status).toBe(200);
    expect(await listQueuedJobs(tdb.db, 'send-mail')).toHaveLength(before.length);
  });

  it('refuses an expired reset token', async () => {
    const token = await requestReset('ada@example.com');
    await tdb.db.execute(
      sql`update customer_verifications set expires_at = now() - interval '1 second' where identifier = ${`reset-password:${token}`}`,
    );
    const res = await auth.handler(
      post('/reset-password', { token, newPassword: 'another good passphrase' }),
    );
    expect(res.status).toBe(400);
  });

  it('maps no session to no customer', () => {
    expect(toCustomer(null)).toBeNull();
    expect(toCustomer(undefined)).toBeNull();
  });
});
