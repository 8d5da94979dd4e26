import { listDomainEvents } from '@shop/core';
import { listQueuedJobs } from '@shop/db/jobs';
import { customers } from '@shop/db/schema';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomerAuth, type CustomerAuth } from './customer-auth';

const baseURL = 'http://localhost:3000';
const secret = 'customer-created-secret-that-is-long-enough-01';
const clientAddressHeader = 'x-test-client-address';
let nextClient = 0;
const password = 'tea and biscuits';

let tdb: TestDatabase;
let auth: CustomerAuth;

beforeAll(async () => {
  tdb = await createTestDatabase('customer_created');
  auth = createCustomerAuth({ db: tdb.db, secret, baseURL, clientAddressHeader });
});
afterAll(async () => {
  await tdb?.drop();
});

function signUp(email: string): Promise<Response> {
  return auth.handler(
    new Request(`${baseURL}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: baseURL,
        [clientAddressHeader]: `10.2.0.${++nextClient}`,
      },
      body: JSON.stringify({ email, name: 'Grace', password }),
    }),
  );
}

describe('customer.created', () => {
  it('a registration emits exactly one customer.created, with the row, and wakes the dispatcher', async () => {
    const res = await signUp('Grace@Example.com');
    expect(res.status).toBe(200);
    const [row] = await tdb.db
      .select()
      .from(customers)
      .where(eq(customers.email, 'grace@example.com'));
    if (!row) throw new Error('no customer row');

    const events = await listDomainEvents(tdb.db);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'customer.created',
      version: 1,
      payload: { customerId: row.id, email: 'grace@example.com' },
      dispatchedAt: null,
    });
    expect(await listQueuedJobs(tdb.db, 'dispatch-events')).toHaveLength(1);

    // A refused second registration creates nothing, so it says nothing.
    expect((await signUp('grace@example.com')).status).toBe(422);
    expect(await listDomainEvents(tdb.db)).toHaveLength(1);
  });

  it('a registration that fails after the customer row was written leaves neither row nor event', async () => {
    // The credential row (written after the customer row, in the same transaction) is refused.
    await tdb.db.execute(
      sql.raw(`
      create function refuse_credential() returns trigger language plpgsql as $$
        begin raise exception 'credential store refused'; end $$;
      create trigger refuse_credential before insert on customer_accounts
        for each row execute function refuse_credential();`),
    );
    try {
      const before = await listDomainEvents(tdb.db);
      const res = await signUp('rolled.back@example.com');
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(
        await tdb.db.select().from(customers).where(eq(customers.email, 'rolled.back@example.com')),
      ).toEqual([]);
      expect(await listDomainEvents(tdb.db)).toEqual(before);
    } finally {
      await tdb.db.execute(
        sql.raw(`
        drop trigger refuse_credential on customer_accounts;
        drop function refuse_credential();`),
      );
    }
  });
});
