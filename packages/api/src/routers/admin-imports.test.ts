import type { StaffMember } from '@shop/core';
import { createImportJob } from '@shop/csv-io';
import { seedDemo } from '@shop/db/seed';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiShop } from '../../test/shop';
import { createAdminCaller, createAdminContext } from '../index';

let tdb: TestDatabase;

const member = (role: StaffMember['role']): StaffMember => ({
  id: `staff-${role}`,
  email: `${role}@shop.local`,
  name: role,
  role,
});

const admin = (staff: StaffMember | null) =>
  createAdminCaller(createAdminContext(apiShop(tdb), { getStaff: () => Promise.resolve(staff) }));

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof TRPCError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  tdb = await createTestDatabase('adminimports');
  await seedDemo(tdb.db, { products: 1 });
});
afterAll(async () => {
  await tdb.drop();
});

describe('admin.imports', () => {
  it('support reads imports but cannot start one; an unchecked import is refused with a sentence', async () => {
    const job = await createImportJob(tdb.db, {
      filename: 'p.csv',
      storageKey: 'imports/p.csv',
      bytes: 10,
      createdBy: 'staff-manager',
    });
    const support = admin(member('support'));
    expect((await support.admin.imports.get({ importId: job.id })).status).toBe('uploaded');
    expect(await support.admin.imports.list({ limit: 5 })).toHaveLength(1);
    expect((await failure(support.admin.imports.start({ importId: job.id }))).code).toBe(
      'FORBIDDEN',
    );
    const manager = admin(member('manager'));
    expect(await failure(manager.admin.imports.start({ importId: job.id }))).toEqual({
      code: 'CONFLICT',
      message: `Import ${job.id} is still being checked; start it once the dry run is shown.`,
    });
    expect((await failure(manager.admin.imports.get({ importId: 999_999 }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await failure(admin(null).admin.imports.list({ limit: 5 }))).code).toBe('UNAUTHORIZED');
  });
});
