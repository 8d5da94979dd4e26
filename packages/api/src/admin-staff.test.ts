import { fixedClock, type StaffMember } from '@shop/core';
import { listQueuedJobs } from '@shop/db/jobs';
import { queryRows } from '@shop/db/query';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { TRPCError } from '@trpc/server';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuth } from '../../auth/src/auth';
import { toStaffMember } from '../../auth/src/session';
import { acceptInvite, createStaffUser } from '../../auth/src/staff-users';
import { apiShop } from '../test/shop';
import { createAdminCaller, createAdminContext } from './index';

const baseURL = 'http://localhost:3001';
const secret = 'staff-test-secret-that-is-long-enough-0123456789';
const clientAddressHeader = 'x-test-client-address';
const password = 'correct horse battery';
let client = 0;

let tdb: TestDatabase;
let owner: StaffMember;
let auth: ReturnType<typeof createAuth>;

beforeAll(async () => {
  tdb = await createTestDatabase('admin_staff');
  auth = createAuth({ db: tdb.db, secret, baseURL, clientAddressHeader });
});
afterAll(async () => {
  await tdb?.drop();
});
beforeEach(async () => {
  await tdb.db.execute(sql`delete from staff_invites`);
  await tdb.db.execute(sql`delete from staff_users`);
  await tdb.db.execute(sql`delete from audit_log`);
  await tdb.db.execute(sql`delete from graphile_worker._private_jobs`);
  owner = await createStaffUser(tdb.db, {
    email: 'owner@staff.test',
    name: 'Olive',
    password,
    role: 'owner',
  });
});

const as = (staff: StaffMember, now?: Date) =>
  createAdminCaller(
    createAdminContext(
      apiShop(tdb, now ? { clock: fixedClock(now) } : {}),
      { getStaff: () => Promise.resolve(staff) },
      { adminUrl: baseURL },
    ),
  ).admin.staff;

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof TRPCError) return { code: err.code, message: err.message };
    if (err instanceof Error)
      return { code: (err as { code?: string }).code ?? 'ERROR', message: err.message };
  }
  throw new Error('expected the call to fail');
}

async function inviteMails() {
  const jobs = await listQueuedJobs(tdb.db, 'send-mail');
  return jobs
    .map((j) => j.payload as { template: string; to: string; data: { url: string; role: string } })
    .filter((p) => p.template === 'staff-invite');
}

async function tokenFor(email: string): Promise<string> {
  const mail = (await inviteMails()).find((m) => m.to === email);
  const token = mail && new URL(mail.data.url).searchParams.get('token');
  if (!token) throw new Error(`no invitation mail to ${email}`);
  return token;
}

async function signIn(email: string, pw: string) {
  return auth.handler(
    new Request(`${baseURL}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: baseURL,
        [clientAddressHeader]: `10.7.0.${++client}`,
      },
      body: JSON.stringify({ email, password: pw }),
    }),
  );
}
const cookieOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

describe('staff invitations', () => {
  it('mails a one-time link, stores only its hash, and refuses a second invitation to the same address', async () => {
    const invite = await as(owner).invite({
      email: ' Grace@Staff.test ',
      name: 'Grace',
      role: 'manager',
    });
    expect(invite).toMatchObject({ email: 'grace@staff.test', role: 'manager' });
    const mails = await inviteMails();
    expect(mails).toHaveLength(1);
    expect(mails[0]?.data.url).toMatch(/^http:\/\/localhost:3001\/accept-invite\?token=[\w-]{43}$/);
    const token = await tokenFor('grace@staff.test');
    const [row] = await queryRows<{ token_hash: string }>(
      tdb.db,
      sql`select token_hash from staff_invites`,
    );
    expect(row?.token_hash).not.toContain(token);

    const again = await failure(as(owner).invite({ email: 'grace@staff.test', role: 'support' }));
    expect(again).toEqual({
      code: 'CONFLICT',
      message: 'An invitation to grace@staff.test is already open; revoke it to send a new one.',
    });
    expect(await failure(as(owner).invite({ email: 'owner@staff.test', role: 'support' }))).toEqual(
      {
        code: 'CONFLICT',
        message: 'owner@staff.test is already a member of the staff.',
      },
    );
    expect(await inviteMails()).toHaveLength(1);
    expect((await as(owner).list()).invites.map((i) => i.email)).toEqual(['grace@staff.test']);
  });

  it('sends one mail when the invite form is submitted twice at once', async () => {
    const results = await Promise.allSettled([
      as(owner).invite({ email: 'twice@staff.test', role: 'support' }),
      as(owner).invite({ email: 'twice@staff.test', role: 'support' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await inviteMails()).toHaveLength(1);
  });

  it('refuses bad input with a sentence and writes nothing', async () => {
    for (const input of [
      { email: 'not-an-email', role: 'manager' },
      { email: 'a@b.test', role: 'admin' },
      { email: 'a@b.test', role: 'manager', name: 'x\u0000' },
    ]) {
      const refused = await failure(as(owner).invite(input as never));
      expect(refused.code).toBe('BAD_REQUEST');
    }
    expect(await queryRows(tdb.db, sql`select 1 from staff_invites`)).toEqual([]);
    expect(await inviteMails()).toEqual([]);
  });

  it('lets the invitee set a name and password once; a replay, a revoked or an expired link is refused', async () => {
    await as(owner).invite({ email: 'grace@staff.test', role: 'manager' });
    const token = await tokenFor('grace@staff.test');
    const short = await failure(acceptInvite(tdb.db, { token, name: 'Grace', password: 'short' }));
    expect(short.message).toBe('Password must be at least 12 characters long');

    const member = await acceptInvite(tdb.db, { token, name: 'Grace Hopper', password });
    expect(member).toMatchObject({
      email: 'grace@staff.test',
      name: 'Grace Hopper',
      role: 'manager',
    });
    expect((await signIn('grace@staff.test', password)).status).toBe(200);
    expect(
      (await failure(acceptInvite(tdb.db, { token, name: 'Mallory', password }))).message,
    ).toBe('This invitation has already been used. Sign in instead.');
    expect((await as(owner).list()).invites).toEqual([]);

    await as(owner).invite({ email: 'late@staff.test', role: 'support' });
    const late = await tokenFor('late@staff.test');
    const eightDays = new Date(Date.now() + 8 * 24 * 3600 * 1000);
    expect(
      (
        await failure(
          acceptInvite(
            tdb.db,
            { token: late, name: 'L', password },
            { clock: fixedClock(eightDays) },
          ),
        )
      ).message,
    ).toBe('This invitation has expired. Ask the shop owner for a new one.');
    // Expired: a new invitation to the same address may be sent.
    await as(owner, eightDays).invite({ email: 'late@staff.test', role: 'support' });

    await as(owner).invite({ email: 'gone@staff.test', role: 'support' });
    const gone = await tokenFor('gone@staff.test');
    const [open] = (await as(owner).list()).invites.filter((i) => i.email === 'gone@staff.test');
    await as(owner).revokeInvite({ id: open?.id ?? 0 });
    expect(
      (await failure(acceptInvite(tdb.db, { token: gone, name: 'G', password }))).message,
    ).toBe('This invitation was revoked. Ask the shop owner for a new one.');
    expect(
      (await failure(acceptInvite(tdb.db, { token: 'made-up', name: 'G', password }))).message,
    ).toBe('This invitation link is not valid. Ask the shop owner for a new one.');
  });

  it('creates one account when the same link is accepted twice at once', async () => {
    await as(owner).invite({ email: 'race@staff.test', role: 'support' });
    const token = await tokenFor('race@staff.test');
    const results = await Promise.allSettled([
      acceptInvite(tdb.db, { token, name: 'One', password }),
      acceptInvite(tdb.db, { token, name: 'Two', password }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(
      await queryRows(tdb.db, sql`select 1 from staff_users where email = 'race@staff.test'`),
    ).toHaveLength(1);
  });
});

describe('roles and removal', () => {
  it('never demotes or removes the last owner, even when two owners demote each other at once', async () => {
    expect(await failure(as(owner).changeRole({ id: owner.id, role: 'manager' }))).toEqual({
      code: 'CONFLICT',
      message: "owner@staff.test is the shop's last owner; make someone else an owner first.",
    });
    expect(await failure(as(owner).remove({ id: owner.id }))).toEqual({
      code: 'CONFLICT',
      message: "owner@staff.test is the shop's last owner and cannot be removed.",
    });
    const second = await createStaffUser(tdb.db, {
      email: 'o2@staff.test',
      name: 'O2',
      password,
      role: 'owner',
    });
    const results = await Promise.allSettled([
      as(owner).changeRole({ id: second.id, role: 'support' }),
      as(second).changeRole({ id: owner.id, role: 'support' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const owners = await queryRows(tdb.db, sql`select 1 from staff_users where role = 'owner'`);
    expect(owners).toHaveLength(1);
  });

  it('changes a role with its before and after in the audit log; the same role again is accepted (a double click)', async () => {
    const bob = await createStaffUser(tdb.db, {
      email: 'bob@staff.test',
      name: 'Bob',
      password,
      role: 'support',
    });
    await as(owner).changeRole({ id: bob.id, role: 'manager' });
    await as(owner).changeRole({ id: bob.id, role: 'manager' });
    const rows = await queryRows<{
      action: string;
      before: unknown;
      after: unknown;
      target_id: string;
    }>(tdb.db, sql`select action, before, after, target_id from audit_log order by id`);
    expect(rows[0]).toEqual({
      action: 'staff.changeRole',
      target_id: bob.id,
      before: { email: 'bob@staff.test', role: 'support' },
      after: { email: 'bob@staff.test', role: 'manager' },
    });
    expect(rows).toHaveLength(2);
    expect(await failure(as(owner).changeRole({ id: 'nobody', role: 'manager' }))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('signs a removed member out at once: their session no longer authenticates', async () => {
    const bob = await createStaffUser(tdb.db, {
      email: 'bob@staff.test',
      name: 'Bob',
      password,
      role: 'manager',
    });
    const res = await signIn('bob@staff.test', password);
    expect(res.status).toBe(200);
    const headers = new Headers({ cookie: cookieOf(res) });
    expect(toStaffMember(await auth.api.getSession({ headers }))).toMatchObject({ id: bob.id });

    await as(owner).remove({ id: bob.id });
    expect(await auth.api.getSession({ headers })).toBeNull();
    expect(await failure(as(owner).remove({ id: bob.id }))).toMatchObject({ code: 'NOT_FOUND' });
  });
});
