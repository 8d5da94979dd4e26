import { createHash } from 'node:crypto';
import { firstRow, queryRows } from '@shop/db/query';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf } from '../../test/shop';
import { fixedClock } from '../ports/clock';
import { refusalFor, type StaffMember } from './permissions';
import {
  createApiToken,
  isApiTokenFormat,
  listApiTokens,
  revokeApiToken,
  verifyApiToken,
} from './tokens';

let tdb: TestDatabase;

async function addStaff(id: string, role: StaffMember['role']) {
  await tdb.db.execute(
    sql`insert into staff_users (id, name, email, role) values (${id}, ${id}, ${`${id}@shop.test`}, ${role})`,
  );
}

beforeAll(async () => {
  tdb = await createTestDatabase('core_tokens');
  await addStaff('owner-1', 'owner');
  await addStaff('admin-1', 'manager');
});
afterAll(async () => {
  await tdb.drop();
});

const mint = (params: Partial<Parameters<typeof createApiToken>[1]> = {}) =>
  createApiToken(tdb.db, {
    name: 'ERP',
    scopes: ['stock:read', 'stock:write'],
    createdBy: 'owner-1',
    ...params,
  });

describe('API tokens', () => {
  it('shows the token once; the row holds only its SHA-256 and a short prefix', async () => {
    const { token, view } = await mint();
    expect(isApiTokenFormat(token)).toBe(true);
    expect(view).toMatchObject({ name: 'ERP', status: 'active', createdBy: 'owner-1@shop.test' });
    expect(token.startsWith(view.prefix)).toBe(true);
    expect(view.prefix).toHaveLength('shop_pat_'.length + 4);

    const row = await firstRow<Record<string, unknown>>(
      tdb.db,
      sql`select * from api_tokens where id = ${view.id}`,
    );
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(token.slice('shop_pat_'.length));
    expect(row?.token_hash).toBe(createHash('sha256').update(token).digest('hex'));

    const listed = JSON.stringify(await listApiTokens(tdb.db));
    expect(listed).not.toContain(token);
    expect(listed).not.toContain(String(row?.token_hash));
  });

  it('two tokens are never the same', async () => {
    const [a, b] = await Promise.all([mint(), mint()]);
    expect(a.token).not.toBe(b.token);
  });

  it('verifies a token as a principal with its scopes and its creator role', async () => {
    const { token, view } = await mint({ name: 'Warehouse', scopes: ['stock:read'] });
    expect(await verifyApiToken(tdb.db, token)).toEqual({
      id: `token:${view.id}`,
      email: 'token:Warehouse',
      name: 'Warehouse',
      role: 'owner',
      token: { id: view.id, scopes: ['stock:read'] },
    });
  });

  it('refuses malformed and unknown tokens without a match', async () => {
    const { token } = await mint();
    for (const bad of ['', 'shop_pat_', `${token}x`, token.slice(0, -1), `Bearer ${token}`]) {
      expect(isApiTokenFormat(bad)).toBe(false);
      expect(await verifyApiToken(tdb.db, bad)).toBeNull();
    }
    const unknown = `shop_pat_${'A'.repeat(43)}`;
    expect(isApiTokenFormat(unknown)).toBe(true);
    expect(await verifyApiToken(tdb.db, unknown)).toBeNull();
  });

  it('a revoked token is refused on its next call; revoking again is fine', async () => {
    const { token, view } = await mint();
    expect(await verifyApiToken(tdb.db, token)).not.toBeNull();
    const revoked = await revokeApiToken(tdb.db, { id: view.id });
    expect(revoked.status).toBe('revoked');
    expect(await verifyApiToken(tdb.db, token)).toBeNull();
    const again = await revokeApiToken(tdb.db, { id: view.id });
    expect(again.revokedAt).toEqual(revoked.revokedAt);
    expect(await codeOf(revokeApiToken(tdb.db, { id: 987654 }))).toBe('NOT_FOUND');
  });

  it('an expired token is refused, and a past expiry is refused at creation', async () => {
    const start = new Date('2030-01-01T00:00:00Z');
    const { token } = await mint({ expiresAt: new Date('2030-01-02T00:00:00Z') });
    expect(await verifyApiToken(tdb.db, token, { clock: fixedClock(start) })).not.toBeNull();
    const later = fixedClock(new Date('2030-01-02T00:00:00Z'));
    expect(await verifyApiToken(tdb.db, token, { clock: later })).toBeNull();
    expect(
      (await listApiTokens(tdb.db, { clock: later })).find((t) => token.startsWith(t.prefix))
        ?.status,
    ).toBe('expired');
    expect(await codeOf(mint({ expiresAt: new Date(Date.now() - 1000) }))).toBe('INVALID_INPUT');
  });

  it('records last use at most once a minute', async () => {
    const { token, view } = await mint();
    const t0 = new Date('2031-05-01T10:00:00Z');
    const lastUsed = async () =>
      (
        await queryRows<{ last_used_at: string | Date | null }>(
          tdb.db,
          sql`select last_used_at from api_tokens where id = ${view.id}`,
        )
      )[0]?.last_used_at;
    await verifyApiToken(tdb.db, token, { clock: fixedClock(t0) });
    const first = await lastUsed();
    expect(new Date(String(first)).getTime()).toBe(t0.getTime());
    await verifyApiToken(tdb.db, token, { clock: fixedClock(new Date(t0.getTime() + 30_000)) });
    expect(await lastUsed()).toEqual(first);
    const t2 = new Date(t0.getTime() + 61_000);
    await verifyApiToken(tdb.db, token, { clock: fixedClock(t2) });
    expect(new Date(String(await lastUsed())).getTime()).toBe(t2.getTime());
  });

  it("a token acts with its creator's current role, and dies with its creator", async () => {
    await addStaff('admin-2', 'manager');
    const { token } = await mint({ createdBy: 'admin-2', scopes: ['orders:write'] });
    const before = await verifyApiToken(tdb.db, token);
    expect(before && refusalFor(before, 'orders:write')).toBeNull();
    await tdb.db.execute(sql`update staff_users set role = 'support' where id = 'admin-2'`);
    const demoted = await verifyApiToken(tdb.db, token);
    expect(demoted && refusalFor(demoted, 'orders:write')).toBe(
      'The staff member who created this API token may no longer do orders:write.',
    );
    await tdb.db.execute(sql`delete from staff_users where id = 'admin-2'`);
    expect(await verifyApiToken(tdb.db, token)).toBeNull();
  });
});

describe('refusalFor', () => {
  const owner: StaffMember = { id: 'o', email: 'o@x', name: 'o', role: 'owner' };
  it('a token needs the scope even where its role would allow', () => {
    const principal: StaffMember = { ...owner, token: { id: 1, scopes: ['stock:read'] } };
    expect(refusalFor(principal, 'stock:read')).toBeNull();
    expect(refusalFor(principal, 'stock:write')).toBe(
      'This API token does not have the stock:write scope.',
    );
    expect(refusalFor(principal, 'tokens:manage')).toBe(
      'This API token does not have the tokens:manage scope.',
    );
  });
  it('staff by role', () => {
    expect(refusalFor(owner, 'tokens:manage')).toBeNull();
    expect(refusalFor({ ...owner, role: 'manager' }, 'tokens:manage')).toBe(
      'Your role does not allow tokens:manage.',
    );
    expect(refusalFor({ ...owner, role: 'support' }, 'stock:write')).toBe(
      'Your role does not allow stock:write.',
    );
    expect(refusalFor({ ...owner, role: 'support' }, 'stock:read')).toBeNull();
  });
});
