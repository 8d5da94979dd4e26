import { customers } from '@shop/db/schema';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommerceError } from '../errors';
import {
  addAddress,
  deleteAddress,
  listAddresses,
  MAX_SAVED_ADDRESSES,
  setDefaultAddress,
} from './addresses';

let tdb: TestDatabase;

const home = {
  firstName: ' Ada ',
  lastName: 'Lovelace',
  line1: '1 Main St',
  city: 'Springfield',
  postalCode: '62701',
  province: 'IL',
  countryCode: 'us',
};
const office = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  line1: '10 Downing St',
  city: 'London',
  postalCode: 'SW1A 2AA',
  countryCode: 'GB',
};

beforeAll(async () => {
  tdb = await createTestDatabase('addresses');
  await tdb.db.insert(customers).values([
    { id: 'cust-ada', email: 'ada@example.com', name: 'Ada' },
    { id: 'cust-bob', email: 'bob@example.com', name: 'Bob' },
    { id: 'cust-many', email: 'many@example.com', name: 'Many' },
  ]);
});
afterAll(async () => {
  await tdb?.drop();
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof CommerceError) return err.code;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('saved addresses', () => {
  it('saves a valid address, trimmed and normalised, as the first and default one', async () => {
    const saved = await addAddress(tdb.db, { customerId: 'cust-ada', address: home });
    expect(saved).toMatchObject({
      firstName: 'Ada',
      countryCode: 'US',
      line2: '',
      phone: '',
      isDefault: true,
    });
    expect(await listAddresses(tdb.db, { customerId: 'cust-ada' })).toEqual([saved]);
  });

  it('keeps the default when another address is added, and moves it on request', async () => {
    const second = await addAddress(tdb.db, { customerId: 'cust-ada', address: office });
    expect(second.isDefault).toBe(false);
    const third = await addAddress(tdb.db, {
      customerId: 'cust-ada',
      address: { ...office, line1: '221B Baker St', postalCode: 'NW1 6XE' },
      isDefault: true,
    });
    const list = await listAddresses(tdb.db, { customerId: 'cust-ada' });
    expect(list.map((a) => [a.id, a.isDefault])).toEqual([
      [third.id, true],
      [list[1]?.id, false],
      [second.id, false],
    ]);

    await setDefaultAddress(tdb.db, { customerId: 'cust-ada', addressId: second.id });
    const after = await listAddresses(tdb.db, { customerId: 'cust-ada' });
    expect(after.filter((a) => a.isDefault).map((a) => a.id)).toEqual([second.id]);
    expect(after[0]?.id).toBe(second.id);
  });

  it("never lets a customer see, delete or pick another customer's address", async () => {
    const [adas] = await listAddresses(tdb.db, { customerId: 'cust-ada' });
    if (!adas) throw new Error('no address');
    expect(await listAddresses(tdb.db, { customerId: 'cust-bob' })).toEqual([]);
    expect(
      await codeOf(deleteAddress(tdb.db, { customerId: 'cust-bob', addressId: adas.id })),
    ).toBe('NOT_FOUND');
    expect(
      await codeOf(setDefaultAddress(tdb.db, { customerId: 'cust-bob', addressId: adas.id })),
    ).toBe('NOT_FOUND');
    // Bob's own address list is untouched by the failed call, and Ada's is intact.
    await addAddress(tdb.db, { customerId: 'cust-bob', address: office });
    expect(
      await codeOf(setDefaultAddress(tdb.db, { customerId: 'cust-bob', addressId: adas.id })),
    ).toBe('NOT_FOUND');
    const bobs = await listAddresses(tdb.db, { customerId: 'cust-bob' });
    expect(bobs.map((a) => a.isDefault)).toEqual([true]);
    expect((await listAddresses(tdb.db, { customerId: 'cust-ada' })).map((a) => a.id)).toContain(
      adas.id,
    );
  });

  it('gives the default to the oldest remaining address when the default is deleted', async () => {
    const before = await listAddresses(tdb.db, { customerId: 'cust-ada' });
    const [current, ...rest] = before;
    if (!current) throw new Error('no address');
    await deleteAddress(tdb.db, { customerId: 'cust-ada', addressId: current.id });
    const after = await listAddresses(tdb.db, { customerId: 'cust-ada' });
    expect(after).toHaveLength(before.length - 1);
    const oldest = Math.min(...rest.map((a) => a.id));
    expect(after.filter((a) => a.isDefault).map((a) => a.id)).toEqual([oldest]);
    expect(
      await codeOf(deleteAddress(tdb.db, { customerId: 'cust-ada', addressId: current.id })),
    ).toBe('NOT_FOUND');
  });

  it('refuses invalid addresses with a sentence about the field', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ ...home, postalCode: '1234' }, /ZIP|postal code/i],
      [{ ...home, firstName: '  ' }, /First name is required/],
      [{ ...office, postalCode: '12345' }, /postcode|postal code/i],
      [{ ...home, countryCode: 'DE', postalCode: '1011' }, /postal code/i],
      [{ ...home, countryCode: 'NL', postalCode: 'AB 1234' }, /postal code|postcode/i],
      [{ ...home, countryCode: 'USA' }, /two-letter/],
    ];
    for (const [address, message] of cases) {
      await expect(addAddress(tdb.db, { customerId: 'cust-bob', address })).rejects.toThrow(
        message,
      );
    }
    expect(await listAddresses(tdb.db, { customerId: 'cust-bob' })).toHaveLength(1);
  });

  it('accepts the formats of the countries with postal rules', async () => {
    const valid: Array<[string, string]> = [
      ['US', '12345-6789'],
      ['CA', 'K1A 0B1'],
      ['GB', 'EC1A 1BB'],
      ['DE', '10115'],
      ['FR', '75001'],
      ['ES', '28001'],
      ['IT', '00118'],
      ['AT', '1010'],
      ['BE', '1000'],
      ['NL', '1012 AB'],
    ];
    for (const [countryCode, postalCode] of valid) {
      const saved = await addAddress(tdb.db, {
        customerId: 'cust-many',
        address: { ...home, countryCode, postalCode, province: countryCode === 'CA' ? 'ON' : 'IL' },
      });
      expect(saved).toMatchObject({ countryCode, postalCode });
    }
  });

  it(`stops at ${MAX_SAVED_ADDRESSES} addresses`, async () => {
    const have = (await listAddresses(tdb.db, { customerId: 'cust-many' })).length;
    for (let i = have; i < MAX_SAVED_ADDRESSES; i++) {
      await addAddress(tdb.db, {
        customerId: 'cust-many',
        address: { ...home, line1: `${i} Elm St` },
      });
    }
    expect(await codeOf(addAddress(tdb.db, { customerId: 'cust-many', address: home }))).toBe(
      'CONFLICT',
    );
  });

  it('keeps exactly one default when default changes race', async () => {
    const list = await listAddresses(tdb.db, { customerId: 'cust-many' });
    await Promise.all(
      list
        .slice(0, 10)
        .map((a) => setDefaultAddress(tdb.db, { customerId: 'cust-many', addressId: a.id })),
    );
    const after = await listAddresses(tdb.db, { customerId: 'cust-many' });
    expect(after.filter((a) => a.isDefault)).toHaveLength(1);
  });
});
