import { API_TOKEN_SCOPES, can, STAFF_ROLES, type Permission, type StaffMember } from '@shop/core';
import { firstRow } from '@shop/db/query';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { TRPCError } from '@trpc/server';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth } from '../../auth/src/auth';
import { createCustomerAuth } from '../../auth/src/customer-auth';
import { toStaffMember } from '../../auth/src/session';
import { adminProcedures } from '../test/admin-procedures';
import { apiShop } from '../test/shop';
import { createAdminCaller, createAdminContext, staffFromRequest } from './index';

/**
 * The authorization matrix, read from the router: every admin procedure is called as nobody, as
 * a storefront customer, as each role and as API tokens, and must answer exactly what
 * `permissions.ts` (and docs/permissions.md) says. Inputs are deliberately invalid, so a call
 * that gets past the checks stops at validation (BAD_REQUEST) and changes nothing: a call that
 * leaves an audit row anyway fails its row here. That every mutation, called successfully, does
 * leave one is `admin-authorization-audit.test.ts` (the steps of `test/mutation-scenarios`).
 */
let tdb: TestDatabase;
const procedures = adminProcedures();
const INVALID_INPUT = { matrixProbe: 10n };

const baseURL = 'http://localhost:3001';
const secret = 'matrix-test-secret-that-is-long-enough-0123456';
const clientAddressHeader = 'x-test-client-address';

beforeAll(async () => {
  tdb = await createTestDatabase('admin_matrix');
});
afterAll(async () => {
  await tdb?.drop();
});

const auditRows = async () =>
  (await firstRow<{ n: number }>(tdb.db, sql`select count(*)::int as n from audit_log`))?.n ?? 0;

/**
 * The tRPC code a call answers with, or 'OK'; with what it wrote to audit_log appended when it
 * wrote anything (a refused or invalid call records nothing, so that fails the call's row).
 */
async function codeFor(getStaff: () => Promise<StaffMember | null>, path: string): Promise<string> {
  const caller = createAdminCaller(createAdminContext(apiShop(tdb), { getStaff })) as unknown;
  const fn = path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
  const before = await auditRows();
  let code: string;
  try {
    await (fn as (input: unknown) => Promise<unknown>)(INVALID_INPUT);
    code = 'OK';
  } catch (err) {
    code = err instanceof TRPCError ? err.code : `non-tRPC error: ${String(err)}`;
  }
  const written = (await auditRows()) - before;
  return written === 0 ? code : `${code}, and ${written} audit row(s) written`;
}

const member = (role: StaffMember['role']): StaffMember => ({
  id: `matrix-${role}`,
  email: `${role}@matrix.test`,
  name: role,
  role,
});

/** Allowed callers get past the checks; refused ones hear FORBIDDEN. */
const expected = (allowed: boolean) => (allowed ? 'allowed' : 'FORBIDDEN');
const verdict = (code: string) =>
  code === 'FORBIDDEN' ||
  code === 'UNAUTHORIZED' ||
  code.startsWith('non-tRPC') ||
  code.endsWith('audit row(s) written')
    ? code
    : 'allowed';

describe('the admin authorization matrix', () => {
  it('finds the procedures, each declaring a permission', () => {
    expect(procedures.length).toBeGreaterThan(20);
    expect(procedures.filter((p) => p.permission === undefined).map((p) => p.path)).toEqual([]);
  });

  it('refuses every procedure to nobody', async () => {
    for (const p of procedures)
      expect([p.path, await codeFor(() => Promise.resolve(null), p.path)]).toEqual([
        p.path,
        'UNAUTHORIZED',
      ]);
  });

  for (const role of STAFF_ROLES) {
    it(`answers ${role} exactly as the matrix says`, async () => {
      const staff = member(role);
      for (const p of procedures) {
        const permission = p.permission as Permission;
        const code = await codeFor(() => Promise.resolve(staff), p.path);
        expect([p.path, permission, verdict(code)]).toEqual([
          p.path,
          permission,
          expected(can(role, permission)),
        ]);
      }
    });
  }

  it("gives an API token its scopes, within its creator's current role, and nothing else", async () => {
    const scopes = ['products:read', 'stock:write', 'orders:read'] as const;
    for (const creator of STAFF_ROLES) {
      const token: StaffMember = {
        id: 'token:1',
        email: 'token:matrix',
        name: 'matrix',
        role: creator,
        token: { id: 1, scopes },
      };
      for (const p of procedures) {
        const permission = p.permission as Permission;
        const allowed =
          (scopes as readonly string[]).includes(permission) && can(creator, permission);
        expect([
          creator,
          p.path,
          verdict(await codeFor(() => Promise.resolve(token), p.path)),
        ]).toEqual([creator, p.path, expected(allowed)]);
      }
    }
    // A token never holds what only people may do.
    for (const p of ['staff:manage', 'tokens:manage', 'settings:write'] as const)
      expect(API_TOKEN_SCOPES as readonly string[]).not.toContain(p);
  });

  it('gives a signed-in storefront customer nothing, by cookie or as a bearer', async () => {
    const customers = createCustomerAuth({
      db: tdb.db,
      secret,
      baseURL: 'http://localhost:3000',
      clientAddressHeader,
    });
    const staffAuth = createAuth({ db: tdb.db, secret, baseURL, clientAddressHeader });
    const res = await customers.handler(
      new Request('http://localhost:3000/api/auth/sign-up/email', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: 'http://localhost:3000',
          [clientAddressHeader]: '10.9.9.9',
        },
        body: JSON.stringify({
          email: 'shopper@matrix.test',
          name: 'Shopper',
          password: 'tea and biscuits',
        }),
      }),
    );
    expect(res.status).toBe(200);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    expect(cookie).toContain('session_token=');
    const sessionToken = decodeURIComponent(
      cookie.split('session_token=')[1]?.split(/[;.]/)[0] ?? '',
    );

    // What the admin's /api/trpc does with a request (getCallerFromHeaders).
    const callerFor = (headers: Headers) => () =>
      staffFromRequest(tdb.db, headers, async () =>
        toStaffMember(await staffAuth.api.getSession({ headers })),
      );
    const byCookie = callerFor(new Headers({ cookie }));
    const byBearer = callerFor(new Headers({ authorization: `Bearer ${sessionToken}` }));
    for (const p of procedures) {
      expect([p.path, await codeFor(byCookie, p.path)]).toEqual([p.path, 'UNAUTHORIZED']);
      expect([p.path, await codeFor(byBearer, p.path)]).toEqual([p.path, 'UNAUTHORIZED']);
    }
  });
});
