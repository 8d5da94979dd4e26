import { randomUUID } from 'node:crypto';
import { createDb, type Db } from '@shop/db/client';
import { migrate } from '@shop/db/migrate';
import { staffAccounts, staffUsers } from '@shop/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDatabase,
  dropDatabase,
  ensurePostgres,
  testCluster,
  type RunningPostgres,
} from '../../../tooling/services/src/index';
import { createAuth, type Auth } from './auth';
import { hasStaffSessionCookie } from './cookies';
import { toStaffMember } from './session';
import { createStaffUser, DuplicateStaffEmailError, ensureDemoOwner } from './staff-users';

const baseURL = 'http://localhost:3001';
const secret = 'test-secret-that-is-long-enough-0123456789';
const dbName = `auth_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
/** The header the apps set to the caller's address (see @shop/env/client-address). */
const clientAddressHeader = 'x-test-client-address';
let nextClient = 0;
/** A distinct client address per request, so these tests never meet the sign-in throttle. */
const freshClient = () => `10.1.${Math.floor(++nextClient / 250)}.${nextClient % 250}`;
const password = 'correct horse battery';

let server: RunningPostgres;
let db: Db;
let auth: Auth;

beforeAll(async () => {
  server = await ensurePostgres(testCluster);
  await createDatabase(server.adminUrl, dbName);
  await migrate(server.urlFor(dbName));
  db = createDb(server.urlFor(dbName), 4);
  auth = createAuth({ db, secret, baseURL, clientAddressHeader });
}, 120_000);

afterAll(async () => {
  await db?.$client.end();
  if (server) {
    await dropDatabase(server.adminUrl, dbName);
    await server.release();
  }
}, 60_000);

function post(path: string, body: unknown): Request {
  return new Request(`${baseURL}/api/auth${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: baseURL,
      [clientAddressHeader]: freshClient(),
    },
    body: JSON.stringify(body),
  });
}

describe('staff auth', () => {
  it('creates a staff user whose password better-auth accepts, and starts a session carrying the role', async () => {
    const staff = await createStaffUser(db, {
      email: ' Ada@Shop.Test ',
      name: 'Ada',
      password,
      role: 'manager',
    });
    expect(staff).toMatchObject({ email: 'ada@shop.test', name: 'Ada', role: 'manager' });

    const [account] = await db
      .select()
      .from(staffAccounts)
      .where(eq(staffAccounts.userId, staff.id));
    expect(account).toMatchObject({ providerId: 'credential', accountId: staff.id });
    expect(account?.password).toBeTruthy();
    expect(account?.password).not.toContain(password);

    const res = await auth.handler(post('/sign-in/email', { email: 'ada@shop.test', password }));
    expect(res.status).toBe(200);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    expect(cookie).toMatch(/^shop-admin\.session_token=/);
    const headers = new Headers({ cookie });
    expect(hasStaffSessionCookie(headers)).toBe(true);

    const session = await auth.api.getSession({ headers });
    expect(toStaffMember(session)).toEqual({
      id: staff.id,
      email: 'ada@shop.test',
      name: 'Ada',
      role: 'manager',
    });
  });

  it('refuses a wrong password', async () => {
    await createStaffUser(db, { email: 'bob@shop.test', name: 'Bob', password, role: 'support' });
    const res = await auth.handler(
      post('/sign-in/email', { email: 'bob@shop.test', password: 'wrong password!!' }),
    );
    expect(res.status).toBe(401);
    expect(
      res.headers
        .getSetCookie()
        .some((c) => c.startsWith('shop-admin.session_token=') && !c.includes('Max-Age=0')),
    ).toBe(false);
    await expect(
      auth.api.signInEmail({ body: { email: 'bob@shop.test', password: 'wrong password!!' } }),
    ).rejects.toThrow();
  });

  it('signs in through the server API with the right password', async () => {
    const result = await auth.api.signInEmail({ body: { email: 'bob@shop.test', password } });
    expect(result.token).toBeTruthy();
    expect(result.user.email).toBe('bob@shop.test');
  });

  it('refuses sign-up over HTTP and creates no user', async () => {
    const res = await auth.handler(
      post('/sign-up/email', { email: 'eve@shop.test', name: 'Eve', password }),
    );
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const rows = await db.select().from(staffUsers).where(eq(staffUsers.email, 'eve@shop.test'));
    expect(rows).toHaveLength(0);
  });

  it('rejects a duplicate email, a short password and a malformed email with a sentence', async () => {
    await expect(
      createStaffUser(db, { email: 'ADA@shop.test', name: 'Ada 2', password, role: 'support' }),
    ).rejects.toThrow(DuplicateStaffEmailError);
    await expect(
      createStaffUser(db, { email: 'ada@shop.test', name: 'Ada 2', password, role: 'support' }),
    ).rejects.toThrow('A staff user with the email ada@shop.test already exists.');
    await expect(
      createStaffUser(db, { email: 'c@shop.test', name: 'C', password: 'short', role: 'support' }),
    ).rejects.toThrow('Password must be at least 12 characters long.');
    await expect(
      createStaffUser(db, { email: 'not-an-email', name: 'C', password, role: 'support' }),
    ).rejects.toThrow('"not-an-email" is not a valid email address.');
  });

  it('creates the demo owner only while no staff user exists', async () => {
    const emptyName = `${dbName}_empty`;
    await createDatabase(server.adminUrl, emptyName);
    const empty = createDb(server.urlFor(emptyName), 2);
    try {
      await migrate(server.urlFor(emptyName));
      const first = await ensureDemoOwner(empty);
      expect(first).toMatchObject({ created: true, email: 'owner@shop.local' });
      if (!first.created) return;
      expect(first.password).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(await ensureDemoOwner(empty)).toEqual({ created: false });

      const ownerAuth = createAuth({ db: empty, secret, baseURL, clientAddressHeader });
      const signedIn = await ownerAuth.api.signInEmail({
        body: { email: first.email, password: first.password },
      });
      expect(signedIn.user).toMatchObject({ email: 'owner@shop.local', role: 'owner' });
    } finally {
      await empty.$client.end();
      await dropDatabase(server.adminUrl, emptyName);
    }
  });
});
