import { createCart, loadCart, type StaffMember } from '@shop/core';
import { listQueuedJobs } from '@shop/db/jobs';
import { firstRow, queryRows } from '@shop/db/query';
import { TRPCError } from '@trpc/server';
import { sql } from 'drizzle-orm';
import { ZodError } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openShop, type TestShop } from '../../../core/test/shop';
import { steps } from '../../test/mutation-scenarios/settings';
import { apiShop } from '../../test/shop';
import { createAdminCaller, createAdminContext } from '../index';

let shop: TestShop;
const owner: StaffMember = { id: 's-owner', email: 'owner@s.test', name: 'O', role: 'owner' };
const manager: StaffMember = { id: 's-man', email: 'man@s.test', name: 'M', role: 'manager' };
const support: StaffMember = { id: 's-sup', email: 'sup@s.test', name: 'S', role: 'support' };

beforeAll(async () => {
  shop = await openShop(4);
});
afterAll(async () => {
  await shop.close();
});

const as = (staff: StaffMember) =>
  createAdminCaller(createAdminContext(apiShop(shop), { getStaff: () => Promise.resolve(staff) }))
    .admin.settings;

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof TRPCError && err.cause instanceof ZodError)
      return { code: err.code, message: err.cause.issues.map((i) => i.message).join(' ') };
    if (err instanceof TRPCError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected the call to fail');
}

const count = async (table: 'regions' | 'shipping_options' | 'stock_locations' | 'audit_log') =>
  Number(
    (await firstRow<{ n: number }>(shop.db, sql`select count(*)::int as n from ${sql.raw(table)}`))
      ?.n,
  );

const regionInput = (code: string, extra: Record<string, unknown> = {}) => ({
  code,
  name: `Region ${code}`,
  currencyCode: 'GBP',
  taxInclusive: true,
  taxRateBp: 2000,
  ...extra,
});

async function regionId(code: string): Promise<number> {
  const row = await firstRow<{ id: number }>(
    shop.db,
    sql`select id from regions where code = ${code}`,
  );
  if (!row) throw new Error(`no region ${code}`);
  return Number(row.id);
}

const defaults = async () =>
  (await queryRows<{ code: string }>(shop.db, sql`select code from regions where is_default`)).map(
    (r) => r.code,
  );

async function lastAudit(action: string) {
  return firstRow<{ target_type: string; target_id: string; before: unknown; after: unknown }>(
    shop.db,
    sql`select target_type, target_id, before, after from audit_log
         where action = ${action} order by id desc limit 1`,
  );
}

describe('admin.settings: who may', () => {
  it('refuses support staff the reads and the writes; managers may', async () => {
    expect((await failure(as(support).regions.list())).code).toBe('FORBIDDEN');
    expect((await failure(as(support).locations.create({ code: 'x', name: 'X' }))).code).toBe(
      'FORBIDDEN',
    );
    expect((await as(manager).regions.list()).map((r) => r.code)).toContain('eu');
  });
});

describe('admin.settings: bad input is a sentence and writes nothing', () => {
  it.each([
    [regionInput('gb', { currencyCode: 'gbp' }), 'three-letter ISO 4217 code'],
    [regionInput('gb', { currencyCode: 'XYZ' }), 'does not sell in that currency'],
    [regionInput('gb', { taxRateBp: 10_001 }), 'Tax rate can be at most 100%'],
    [regionInput('gb', { taxRateBp: 19.5 }), 'whole number of basis points'],
    [regionInput('default'), '"default" is reserved'],
    [regionInput('cart'), '"cart" is reserved (the storefront uses /cart itself)'],
    [regionInput('G B'), 'Code must be 2 to 8 lowercase letters'],
    [regionInput('gb', { name: ' ' }), 'Name is required'],
  ])('region %o', async (input, sentence) => {
    const before = [await count('regions'), await count('audit_log')];
    const refused = await failure(as(owner).regions.create(input));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toContain(sentence);
    expect([await count('regions'), await count('audit_log')]).toEqual(before);
  });

  it('shipping options: a free_over needs its threshold, amounts are whole non-negative minor units', async () => {
    const eu = await regionId('eu');
    const base = { regionId: eu, name: 'Bad', type: 'flat' as const, amount: 500 };
    for (const [input, sentence] of [
      [{ ...base, type: 'free_over' as const }, 'needs the subtotal from which it is free'],
      [{ ...base, freeOverAmount: 100 }, 'Only a "free over" option has a threshold'],
      [{ ...base, amount: -1 }, 'Amount cannot be negative'],
      [{ ...base, amount: 4.99 }, 'whole number of minor units'],
    ] as const) {
      const before = await count('shipping_options');
      const refused = await failure(as(owner).shipping.create(input));
      expect([refused.code, refused.message]).toEqual([
        'BAD_REQUEST',
        expect.stringContaining(sentence),
      ]);
      expect(await count('shipping_options')).toBe(before);
    }
  });

  it('countries are ISO 3166 codes; location codes are letters, digits and dashes', async () => {
    const eu = await regionId('eu');
    expect(
      await failure(as(owner).regions.setCountries({ regionId: eu, countries: ['DE', 'XX'] })),
    ).toEqual({ code: 'BAD_REQUEST', message: 'That is not an ISO 3166 country code' });
    expect(
      (await failure(as(owner).regions.setCountryTaxRate({ countryCode: 'DE', taxRateBp: -5 })))
        .message,
    ).toBe('Tax rate cannot be negative');
    expect(
      (await failure(as(owner).locations.create({ code: 'two words', name: 'X' }))).message,
    ).toContain('Code may contain only letters, digits and single dashes');
    expect((await as(owner).regions.list()).find((r) => r.code === 'eu')?.countries).toHaveLength(
      8,
    );
  });
});

describe('admin.settings.regions', () => {
  it('creates a region in a currency nothing is priced in yet, and says how many variants lack a price', async () => {
    const active = await firstRow<{ n: number }>(
      shop.db,
      sql`select count(*)::int as n from product_variants v join products p on p.id = v.product_id
           where p.status = 'active' and not v.archived`,
    );
    const created = await as(owner).regions.create(regionInput('uk'));
    expect(created).toMatchObject({
      code: 'uk',
      currencyCode: 'GBP',
      isDefault: false,
      countries: [],
      variantsWithoutPrice: Number(active?.n),
    });
    expect(Number(active?.n)).toBeGreaterThan(0);
    const audit = await lastAudit('settings.regions.create');
    expect(audit).toMatchObject({
      target_type: 'region',
      target_id: String(created.id),
      before: null,
    });
    expect(audit?.after).toMatchObject({ code: 'uk', currencyCode: 'GBP' });
    // The storefront's cached regions and pages are refreshed once the change commits.
    const jobs = await listQueuedJobs(shop.db, 'revalidate');
    expect(jobs.map((j) => j.payload)).toContainEqual({ tags: ['catalog'] });
  });

  it('a double submit of a create makes one region and one CONFLICT with a sentence', async () => {
    const before = await count('regions');
    const results = await Promise.allSettled([
      as(owner).regions.create(regionInput('ch', { currencyCode: 'CHF' })),
      as(owner).regions.create(regionInput('ch', { currencyCode: 'CHF' })),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected');
    expect(refused?.reason).toMatchObject({
      code: 'CONFLICT',
      message: 'A region with the code "ch" already exists; choose another code.',
    });
    expect(await count('regions')).toBe(before + 1);
  });

  it('switches the default atomically: two at once leave exactly one, and the default cannot be unset', async () => {
    const uk = await regionId('uk');
    const ch = await regionId('ch');
    await Promise.all([
      as(owner).regions.update({ id: uk, region: regionInput('uk', { isDefault: true }) }),
      as(owner).regions.update({
        id: ch,
        region: regionInput('ch', { currencyCode: 'CHF', isDefault: true }),
      }),
    ]);
    const now = await defaults();
    expect(now).toHaveLength(1);
    expect(['uk', 'ch']).toContain(now[0]);

    const current = await regionId(now[0] as string);
    const refused = await failure(
      as(owner).regions.update({
        id: current,
        region: regionInput(now[0] as string, {
          currencyCode: now[0] === 'ch' ? 'CHF' : 'GBP',
          isDefault: false,
        }),
      }),
    );
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toContain(
      'is the default region; make another region the default instead',
    );

    const us = await regionId('us');
    await as(owner).regions.update({
      id: us,
      region: {
        code: 'us',
        name: 'United States',
        currencyCode: 'USD',
        taxInclusive: false,
        taxRateBp: 0,
        isDefault: true,
      },
    });
    expect(await defaults()).toEqual(['us']);
    const audit = await lastAudit('settings.regions.update');
    expect(audit?.before).toMatchObject({ code: 'us', isDefault: false });
    expect(audit?.after).toMatchObject({ code: 'us', isDefault: true });
  });

  it('refuses a country that belongs to another region, naming it; sets the region’s own', async () => {
    const uk = await regionId('uk');
    const refused = await failure(
      as(owner).regions.setCountries({ regionId: uk, countries: ['gb', 'IE', 'FR'] }),
    );
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toBe(
      'FR belongs to Europe (eu), IE belongs to Europe (eu); a country is in one region only, so remove it from that region first. Nothing was changed.',
    );
    expect((await as(owner).regions.list()).find((r) => r.id === uk)?.countries).toEqual([]);

    const set = await as(owner).regions.setCountries({
      regionId: uk,
      countries: ['GB', 'gb', 'IM'],
    });
    expect(set.countries).toEqual([
      { countryCode: 'GB', taxRateBp: null },
      { countryCode: 'IM', taxRateBp: null },
    ]);
    const audit = await lastAudit('settings.regions.setCountries');
    expect(audit).toMatchObject({
      before: { countries: [] },
      after: { countries: [{ countryCode: 'GB' }, { countryCode: 'IM' }] },
    });
  });

  it('sets and clears a country’s own tax rate; a country in no region is NOT_FOUND', async () => {
    const withRate = await as(owner).regions.setCountryTaxRate({
      countryCode: 'im',
      taxRateBp: 1500,
    });
    expect(withRate.countries).toContainEqual({ countryCode: 'IM', taxRateBp: 1500 });
    const audit = await lastAudit('settings.regions.setCountryTaxRate');
    expect(audit).toMatchObject({
      target_type: 'country',
      target_id: 'IM',
      before: { taxRateBp: null },
      after: { taxRateBp: 1500 },
    });
    const cleared = await as(owner).regions.setCountryTaxRate({
      countryCode: 'IM',
      taxRateBp: null,
    });
    expect(cleared.countries).toContainEqual({ countryCode: 'IM', taxRateBp: null });
    const missing = await failure(
      as(owner).regions.setCountryTaxRate({ countryCode: 'JP', taxRateBp: 1000 }),
    );
    expect(missing).toEqual({
      code: 'NOT_FOUND',
      message: 'JP is not in any region; add it to a region first.',
    });
  });

  it('refuses a currency with other decimals while the region has shipping options', async () => {
    const uk = await regionId('uk');
    await as(owner).shipping.create({
      regionId: uk,
      name: 'Royal Mail',
      type: 'flat',
      amount: 399,
    });
    const refused = await failure(
      as(owner).regions.update({ id: uk, region: regionInput('uk', { currencyCode: 'JPY' }) }),
    );
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toContain('GBP and JPY have different decimals');
    const same = await as(owner).regions.update({
      id: uk,
      region: regionInput('uk', { currencyCode: 'EUR', name: 'United Kingdom' }),
    });
    expect(same).toMatchObject({ currencyCode: 'EUR', name: 'United Kingdom' });
  });

  it('deletes a region only when no cart or order is in it, and never the default', async () => {
    const uk = await regionId('uk');
    await createCart(shop.db, { region: 'uk' });
    const refused = await failure(as(owner).regions.delete({ id: uk }));
    expect(refused).toEqual({
      code: 'CONFLICT',
      message:
        'United Kingdom cannot be deleted: 1 cart belongs to it. To stop selling there, remove its countries instead.',
    });
    expect(await regionId('uk')).toBe(uk);
    const us = await regionId('us');
    expect((await failure(as(owner).regions.delete({ id: us }))).message).toBe(
      'United States is the default region; make another region the default before deleting it.',
    );

    const ch = await regionId('ch');
    await as(owner).regions.setCountries({ regionId: ch, countries: ['CH', 'LI'] });
    expect(await as(owner).regions.delete({ id: ch })).toEqual({ id: ch });
    expect(
      await queryRows(
        shop.db,
        sql`select 1 from region_countries where country_code in ('CH', 'LI')`,
      ),
    ).toEqual([]);
    const audit = await lastAudit('settings.regions.delete');
    expect(audit).toMatchObject({ target_id: String(ch), after: null, before: { code: 'ch' } });
    expect((await failure(as(owner).regions.delete({ id: ch }))).code).toBe('NOT_FOUND');
  });
});

describe('admin.settings.shipping', () => {
  it('creates at the end of the region’s list, refuses a second option of the same name', async () => {
    const eu = await regionId('eu');
    const before = await count('shipping_options');
    const results = await Promise.allSettled([
      as(owner).shipping.create({ regionId: eu, name: 'Pickup point', type: 'flat', amount: 0 }),
      as(owner).shipping.create({ regionId: eu, name: 'Pickup point', type: 'flat', amount: 0 }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')?.reason).toMatchObject({
      code: 'CONFLICT',
      message: 'Europe already has a shipping option named "Pickup point"; choose another name.',
    });
    expect(await count('shipping_options')).toBe(before + 1);
    const list = await as(owner).shipping.list({ regionId: eu });
    expect(list.map((o) => o.name)).toEqual([
      'Standard (3–5 days)',
      'Express (1–2 days)',
      'Pickup point',
    ]);
    expect(list.map((o) => o.position)).toEqual([0, 1, 2]);
    const audit = await lastAudit('settings.shipping.create');
    expect(audit?.after).toMatchObject({ name: 'Pickup point', amount: 0, currencyCode: 'EUR' });
  });

  it('moves an option up and down; the first one moved up stays first', async () => {
    const eu = await regionId('eu');
    const [standard, , pickup] = await as(owner).shipping.list({ regionId: eu });
    const moved = await as(owner).shipping.move({ id: Number(pickup?.id), direction: 'up' });
    expect(moved.map((o) => o.name)).toEqual([
      'Standard (3–5 days)',
      'Pickup point',
      'Express (1–2 days)',
    ]);
    expect(moved.map((o) => o.position)).toEqual([0, 1, 2]);
    const still = await as(owner).shipping.move({ id: Number(standard?.id), direction: 'up' });
    expect(still.map((o) => o.name)).toEqual(moved.map((o) => o.name));
    const audit = await lastAudit('settings.shipping.move');
    expect(audit).toMatchObject({
      target_type: 'shipping_option',
      target_id: String(standard?.id),
    });
  });

  it('updates an option as the shopper’s cart sees it, and deletes it from the carts that chose it', async () => {
    const eu = await regionId('eu');
    const pickup = (await as(owner).shipping.list({ regionId: eu })).find(
      (o) => o.name === 'Pickup point',
    );
    const id = Number(pickup?.id);
    const updated = await as(owner).shipping.update({
      id,
      option: {
        name: 'Pickup point',
        type: 'free_over',
        amount: 299,
        freeOverAmount: 5000,
        active: true,
      },
    });
    expect(updated).toMatchObject({ type: 'free_over', amount: 299, freeOverAmount: 5000 });
    expect(
      (
        await failure(
          as(owner).shipping.update({
            id,
            option: { name: 'express (1–2 DAYS)', type: 'flat', amount: 1 },
          }),
        )
      ).code,
    ).toBe('CONFLICT');

    const cartId = await createCart(shop.db, { region: 'eu' });
    await shop.db.execute(sql`update carts set shipping_option_id = ${id} where id = ${cartId}`);
    expect((await loadCart(shop.db, { cartId, customerId: null })).shippingOption).toMatchObject({
      id,
      amount: 299,
    });
    expect(await as(owner).shipping.delete({ id })).toEqual({ id });
    expect((await loadCart(shop.db, { cartId, customerId: null })).shippingOption).toBeNull();
    expect(await lastAudit('settings.shipping.delete')).toMatchObject({
      before: { name: 'Pickup point' },
      after: null,
    });
    expect((await failure(as(owner).shipping.delete({ id }))).code).toBe('NOT_FOUND');
  });
});

describe('admin.settings.locations', () => {
  it('creates a location with a lower-case code once, even when submitted twice at once', async () => {
    const before = await count('stock_locations');
    const results = await Promise.allSettled([
      as(owner).locations.create({ code: 'Berlin-2', name: 'Berlin' }),
      as(owner).locations.create({ code: 'berlin-2', name: 'Berlin' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')?.reason).toMatchObject({
      code: 'CONFLICT',
      message: 'A stock location with the code "berlin-2" already exists; choose another code.',
    });
    expect(await count('stock_locations')).toBe(before + 1);
    const listed = (await as(owner).locations.list()).find((l) => l.code === 'berlin-2');
    expect(listed).toMatchObject({ name: 'Berlin', onHand: 0, reserved: 0, transfers: 0 });
    const renamed = await as(owner).locations.update({
      id: Number(listed?.id),
      name: 'Berlin Mitte',
    });
    expect(renamed).toMatchObject({ code: 'berlin-2', name: 'Berlin Mitte' });
    expect(await lastAudit('settings.locations.update')).toMatchObject({
      before: { name: 'Berlin' },
      after: { name: 'Berlin Mitte' },
    });
  });

  it('refuses to delete a location holding stock or with transfers; deletes an empty one', async () => {
    const main = (await as(owner).locations.list()).find((l) => l.code === 'main');
    const held = await failure(as(owner).locations.delete({ id: Number(main?.id) }));
    expect(held.code).toBe('CONFLICT');
    expect(held.message).toMatch(
      /^Main warehouse holds \d+ units.*move them elsewhere or adjust them to 0/,
    );

    const spare = await as(owner).locations.create({ code: 'spare', name: 'Spare room' });
    await shop.db.execute(sql`
      insert into stock_transfers (from_location_id, to_location_id, status, created_by)
      values (${Number(main?.id)}, ${spare.id}, 'canceled', 'test')`);
    expect(await failure(as(owner).locations.delete({ id: spare.id }))).toEqual({
      code: 'CONFLICT',
      message:
        'Spare room has 1 stock transfer from or to it; a location with transfers is kept for their record.',
    });

    const empty = await as(owner).locations.create({ code: 'empty', name: 'Empty shed' });
    const variant = await firstRow<{ id: number }>(
      shop.db,
      sql`select id from product_variants limit 1`,
    );
    await shop.db.execute(sql`
      insert into inventory_levels (variant_id, location_id, on_hand) values (${Number(variant?.id)}, ${empty.id}, 0)`);
    expect(await as(owner).locations.delete({ id: empty.id })).toEqual({ id: empty.id });
    expect(await lastAudit('settings.locations.delete')).toMatchObject({
      target_type: 'stock_location',
      before: { code: 'empty' },
      after: null,
    });
  });
});

describe('the settings mutation scenario (audit coverage)', () => {
  it('runs each step as the owner, and each leaves its audit row', async () => {
    const admin = createAdminCaller(
      createAdminContext(apiShop(shop), { getStaff: () => Promise.resolve(owner) }),
    ).admin;
    const ctx = { shop, db: shop.db, admin, state: new Map<string, unknown>() };
    const rowsOf = async (action: string) =>
      Number(
        (
          await firstRow<{ n: number }>(
            shop.db,
            sql`select count(*)::int as n from audit_log where action = ${action} and actor_id = ${owner.id}`,
          )
        )?.n,
      );
    for (const step of steps) {
      const action = step.path.replace(/^admin\./, '');
      const before = await rowsOf(action);
      await step.run(ctx);
      expect([step.path, await rowsOf(action)]).toEqual([step.path, before + 1]);
    }
    expect(new Set(steps.map((s) => s.path)).size).toBe(12);
    expect(await queryRows(shop.db, sql`select 1 from regions where code = 'scn'`)).toEqual([]);
  });
});
