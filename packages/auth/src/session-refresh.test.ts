import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { queryRows } from '@shop/db/query';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth } from './auth';
import { createStaffUser } from './staff-users';

/**
 * What keeps staff at work signed in: the admin's SessionKeeper asks `/api/auth/get-session`
 * (this handler) while a tab is open, and a session last refreshed more than a day ago
 * (`updateAge`) comes back with its row and its cookie both extended by seven days.
 */
const baseURL = 'http://localhost:3001';
const secret = 'refresh-test-secret-that-is-long-enough-012345';
const clientAddressHeader = 'x-test-client-address';
const password = 'correct horse battery';
const DAY_MS = 86_400_000;

let tdb: TestDatabase;
let auth: ReturnType<typeof createAuth>;

beforeAll(async () => {
  tdb = await createTestDatabase('auth_refresh');
  auth = createAuth({ db: tdb.db, secret, baseURL, clientAddressHeader });
  await createStaffUser(tdb.db, { email: 'ada@shop.test', name: 'Ada', password, role: 'support' });
});
afterAll(async () => {
  await tdb?.drop();
});

async function signedInCookie(): Promise<string> {
  const res = await auth.handler(
    new Request(`${baseURL}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: baseURL,
        [clientAddressHeader]: '10.3.0.1',
      },
      body: JSON.stringify({ email: 'ada@shop.test', password }),
    }),
  );
  expect(res.status).toBe(200);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

const getSession = (cookie: string) =>
  auth.handler(new Request(`${baseURL}/api/auth/get-session`, { headers: { cookie } }));
const expiresAt = async () =>
  (await queryRows<{ expires_at: Date }>(tdb.db, sql`select expires_at from staff_sessions`))[0]
    ?.expires_at;

describe('staff session refresh', () => {
  it('extends a session in use a day after its last refresh, row and cookie alike', async () => {
    const cookie = await signedInCookie();
    // Fresh: nothing to refresh, no new cookie.
    expect((await getSession(cookie)).headers.getSetCookie()).toEqual([]);

    // As if signed in six days ago and never refreshed since.
    await tdb.db.execute(
      sql`update staff_sessions set expires_at = now() + interval '1 day', updated_at = now() - interval '6 days'`,
    );
    const res = await getSession(cookie);
    expect(res.status).toBe(200);
    const refreshed = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('shop-admin.session_token='));
    expect(refreshed).toMatch(/Max-Age=604800/);
    const moved = await expiresAt();
    expect(moved && new Date(moved).getTime()).toBeGreaterThan(Date.now() + 6 * DAY_MS);
  });

  it('ends a session a week after its last refresh', async () => {
    const cookie = await signedInCookie();
    await tdb.db.execute(sql`update staff_sessions set expires_at = now() - interval '1 minute'`);
    expect(await (await getSession(cookie)).json()).toBeNull();
  });
});
