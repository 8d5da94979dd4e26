import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { firstRow, queryRows } from '@shop/db/query';
import { runTransaction } from '@shop/db/transaction';
import { currencyDigits } from '@shop/money';
import type { AdminRegion, RegionCountry } from '@shop/validators';
import { CommerceError } from '../errors';
import type { AuditHook } from '../staff/audit';
import { counted, refreshRegionPages, refusingConflicts } from './settings-shared';

/**
 * Regions as staff manage them: a region sells in one currency, with prices shown with or
 * without tax, to a set of countries (each in one region only), at a default tax rate that a
 * country may override (`region_countries.tax_rate_bp`, what the cart charges once the shipping
 * address is in that country). Exactly one region is the default (where shoppers land).
 *
 * `input` is `zRegionInput`'s output: the API checked each field; what depends on other rows (a
 * code taken, a country in another region, the default) is judged here. Every write takes the
 * `regions` table in SHARE ROW EXCLUSIVE mode first, so region writes run one at a time (two
 * staff switching the default at once cannot leave two, or none) while carts and orders keep
 * referencing regions (their foreign-key locks do not conflict with it) and shoppers keep reading.
 */
export interface RegionFields {
  code: string;
  name: string;
  currencyCode: string;
  taxInclusive: boolean;
  taxRateBp: number;
  isDefault: boolean;
}

interface RegionRow {
  id: number;
  code: string;
  name: string;
  currency_code: string;
  tax_inclusive: boolean;
  tax_rate_bp: number;
  is_default: boolean;
  countries: RegionCountry[] | null;
  shipping_options: number;
  carts: number;
  orders: number;
  variants_without_price: number;
}

const regionSelect = sql`
  select r.id, r.code, r.name, r.currency_code, r.tax_inclusive, r.tax_rate_bp, r.is_default,
         (select json_agg(json_build_object('countryCode', rc.country_code, 'taxRateBp', rc.tax_rate_bp)
                          order by rc.country_code)
            from region_countries rc where rc.region_id = r.id) as countries,
         (select count(*)::int from shipping_options so where so.region_id = r.id) as shipping_options,
         (select count(*)::int from carts c where c.region_id = r.id) as carts,
         (select count(*)::int from orders o where o.region_id = r.id) as orders,
         (select count(*)::int from product_variants v join products p on p.id = v.product_id
           where p.status = 'active' and not v.archived
             and not exists (select 1 from product_prices pp
                              where pp.variant_id = v.id and pp.currency_code = r.currency_code)
         ) as variants_without_price
    from regions r`;

function toRegion(r: RegionRow): AdminRegion {
  return {
    id: Number(r.id),
    code: r.code,
    name: r.name,
    currencyCode: r.currency_code.trim(),
    taxInclusive: r.tax_inclusive,
    taxRateBp: Number(r.tax_rate_bp),
    isDefault: r.is_default,
    countries: (r.countries ?? []).map((c) => ({
      countryCode: String(c.countryCode).trim(),
      taxRateBp: c.taxRateBp === null ? null : Number(c.taxRateBp),
    })),
    shippingOptions: Number(r.shipping_options),
    carts: Number(r.carts),
    orders: Number(r.orders),
    variantsWithoutPrice: Number(r.variants_without_price),
  };
}

/** Every region, the default first, then by name; with its countries and what refers to it. */
export async function listRegionsForAdmin(db: Database): Promise<AdminRegion[]> {
  const rows = await queryRows<RegionRow>(
    db,
    sql`${regionSelect} order by r.is_default desc, r.name, r.id`,
  );
  return rows.map(toRegion);
}

export async function getRegionForAdmin(db: Database, id: number): Promise<AdminRegion> {
  const row = await firstRow<RegionRow>(db, sql`${regionSelect} where r.id = ${id}`);
  if (!row) throw new CommerceError('NOT_FOUND', `Region ${id} does not exist.`);
  return toRegion(row);
}

/** Region writes one at a time; see the module comment. */
async function lockRegions(tx: Database): Promise<void> {
  await tx.execute(sql`lock table regions in share row exclusive mode`);
}

async function lockedRegion(tx: Database, id: number): Promise<AdminRegion> {
  await lockRegions(tx);
  return getRegionForAdmin(tx, id);
}

const codeTaken = (code: string) =>
  `A region with the code "${code}" already exists; choose another code.`;

async function assertCodeFree(tx: Database, code: string, exceptId: number | null) {
  const taken = await firstRow(
    tx,
    sql`select id from regions where code = ${code}
         ${exceptId === null ? sql`` : sql`and id <> ${exceptId}`}`,
  );
  if (taken) throw new CommerceError('CONFLICT', codeTaken(code));
}

/** The unique indexes a concurrent region write can lose, as sentences. */
const regionUniques = (code: string) => ({
  regions_code_key: codeTaken(code),
  regions_one_default:
    'Another region became the default at the same time; reload the page and try again.',
});

/**
 * Creates a region. The first region is the default whatever `isDefault` says (a shop always has
 * one); a new default takes over from the previous one in the same transaction. A currency no
 * product is priced in yet is allowed: `variantsWithoutPrice` says how many active variants
 * shoppers there cannot buy until they get a price in it.
 */
export async function createRegion(
  db: Database,
  input: RegionFields,
  deps: { audit?: AuditHook } = {},
): Promise<AdminRegion> {
  return refusingConflicts(
    () =>
      runTransaction(db, async (tx) => {
        await lockRegions(tx);
        await assertCodeFree(tx, input.code, null);
        const any = await firstRow(tx, sql`select 1 from regions limit 1`);
        const isDefault = input.isDefault || !any;
        if (isDefault)
          await tx.execute(sql`update regions set is_default = false where is_default`);
        const row = await firstRow<{ id: number }>(
          tx,
          sql`insert into regions (code, name, currency_code, tax_inclusive, tax_rate_bp, is_default)
              values (${input.code}, ${input.name}, ${input.currencyCode}, ${input.taxInclusive},
                      ${input.taxRateBp}, ${isDefault})
              returning id`,
        );
        if (!row) throw new Error('the region was not created');
        const created = await getRegionForAdmin(tx, Number(row.id));
        await deps.audit?.(tx, { targetType: 'region', targetId: created.id, after: created });
        await refreshRegionPages(tx);
        return created;
      }),
    { unique: regionUniques(input.code) },
  );
}

/**
 * Replaces a region's settings. The default region stays the default until another region is
 * made the default (there is always exactly one). A new currency keeps the shipping options'
 * amounts as they are, so it is refused while the region has shipping options and the two
 * currencies count a different number of minor units (500 would mean €5.00, then ¥500).
 */
export async function updateRegion(
  db: Database,
  params: { id: number; region: RegionFields },
  deps: { audit?: AuditHook } = {},
): Promise<AdminRegion> {
  const input = params.region;
  return refusingConflicts(
    () =>
      runTransaction(db, async (tx) => {
        const before = await lockedRegion(tx, params.id);
        if (before.isDefault && !input.isDefault)
          throw new CommerceError(
            'INVALID_INPUT',
            `${before.name} is the default region; make another region the default instead (the shop always has exactly one).`,
          );
        await assertCodeFree(tx, input.code, params.id);
        if (
          input.currencyCode !== before.currencyCode &&
          before.shippingOptions > 0 &&
          currencyDigits(input.currencyCode) !== currencyDigits(before.currencyCode)
        )
          throw new CommerceError(
            'INVALID_INPUT',
            `${before.currencyCode} and ${input.currencyCode} have different decimals, so the amounts of ${before.name}'s ${counted(before.shippingOptions, 'shipping option')} would change meaning; delete them or choose a currency with ${currencyDigits(before.currencyCode)} decimals. Nothing was changed.`,
          );
        if (input.isDefault && !before.isDefault)
          await tx.execute(sql`update regions set is_default = false where is_default`);
        await tx.execute(sql`
          update regions set code = ${input.code}, name = ${input.name},
                 currency_code = ${input.currencyCode}, tax_inclusive = ${input.taxInclusive},
                 tax_rate_bp = ${input.taxRateBp}, is_default = ${input.isDefault}
           where id = ${params.id}`);
        const after = await getRegionForAdmin(tx, params.id);
        await deps.audit?.(tx, { targetType: 'region', targetId: params.id, before, after });
        await refreshRegionPages(tx);
        return after;
      }),
    { unique: regionUniques(input.code) },
  );
}

/**
 * Deletes a region that nothing refers to: not the default, no carts and no orders (they keep
 * their region). Its countries and shipping options go with it; product prices belong to the
 * currency, not the region, and stay.
 */
export async function deleteRegion(
  db: Database,
  params: { id: number },
  deps: { audit?: AuditHook } = {},
): Promise<{ id: number }> {
  return refusingConflicts(
    () =>
      runTransaction(db, async (tx) => {
        const before = await lockedRegion(tx, params.id);
        if (before.isDefault)
          throw new CommerceError(
            'CONFLICT',
            `${before.name} is the default region; make another region the default before deleting it.`,
          );
        if (before.carts > 0 || before.orders > 0) {
          const held = [
            before.carts > 0 ? counted(before.carts, 'cart') : null,
            before.orders > 0 ? counted(before.orders, 'order') : null,
          ].filter(Boolean);
          throw new CommerceError(
            'CONFLICT',
            `${before.name} cannot be deleted: ${held.join(' and ')} ${before.carts + before.orders === 1 ? 'belongs' : 'belong'} to it. To stop selling there, remove its countries instead.`,
          );
        }
        await tx.execute(sql`delete from regions where id = ${params.id}`);
        await deps.audit?.(tx, { targetType: 'region', targetId: params.id, before, after: null });
        await refreshRegionPages(tx);
        return { id: params.id };
      }),
    {
      referenced: 'A cart or an order was just created in this region, so it cannot be deleted.',
    },
  );
}

/**
 * Sets the countries a region ships to (its whole list). A country belongs to one region: one
 * that is in another region is refused with that region's name, and nothing changes. Countries
 * left out leave the region, and their own tax rates with them; those kept keep theirs.
 */
export async function setRegionCountries(
  db: Database,
  params: { regionId: number; countries: readonly string[] },
  deps: { audit?: AuditHook } = {},
): Promise<AdminRegion> {
  const countries = [...new Set(params.countries)].sort();
  const bad = countries.find((c) => !/^[A-Z]{2}$/.test(c));
  if (bad !== undefined)
    throw new CommerceError('INVALID_INPUT', `"${bad}" is not a two-letter country code.`);
  const list = `{${countries.join(',')}}`;
  return refusingConflicts(
    () =>
      runTransaction(db, async (tx) => {
        const before = await lockedRegion(tx, params.regionId);
        const elsewhere = await queryRows<{ country_code: string; name: string; code: string }>(
          tx,
          sql`select rc.country_code, r.name, r.code from region_countries rc
                join regions r on r.id = rc.region_id
               where rc.country_code = any(${list}::text[])
                 and rc.region_id <> ${params.regionId}
               order by rc.country_code`,
        );
        if (elsewhere.length > 0) {
          const named = elsewhere.map(
            (e) => `${e.country_code.trim()} belongs to ${e.name} (${e.code})`,
          );
          throw new CommerceError(
            'CONFLICT',
            `${named.join(', ')}; a country is in one region only, so remove it from that region first. Nothing was changed.`,
          );
        }
        await tx.execute(sql`
          delete from region_countries
           where region_id = ${params.regionId}
             and country_code <> all(${list}::text[])`);
        if (countries.length > 0)
          await tx.execute(sql`
            insert into region_countries (country_code, region_id)
            select c, ${params.regionId} from unnest(${list}::text[]) c
            on conflict (country_code) do nothing`);
        const after = await getRegionForAdmin(tx, params.regionId);
        await deps.audit?.(tx, {
          targetType: 'region',
          targetId: params.regionId,
          before: { countries: before.countries },
          after: { countries: after.countries },
        });
        return after;
      }),
    {
      unique: {
        region_countries_pkey:
          'Another region took one of these countries at the same time; reload the page and try again.',
      },
    },
  );
}

/**
 * Sets a country's own tax rate (the cart charges it once the shipping address is in that
 * country) or, with null, clears it so the region's default rate applies again. The country must
 * be in a region. Prices that include tax keep their shelf price: the tax in them is worked out
 * at the country's rate.
 */
export async function setCountryTaxRate(
  db: Database,
  params: { countryCode: string; taxRateBp: number | null },
  deps: { audit?: AuditHook } = {},
): Promise<AdminRegion> {
  return runTransaction(db, async (tx) => {
    await lockRegions(tx);
    const current = await firstRow<{ region_id: number; tax_rate_bp: number | null }>(
      tx,
      sql`select region_id, tax_rate_bp from region_countries
           where country_code = ${params.countryCode} for update`,
    );
    if (!current)
      throw new CommerceError(
        'NOT_FOUND',
        `${params.countryCode} is not in any region; add it to a region first.`,
      );
    await tx.execute(sql`
      update region_countries set tax_rate_bp = ${params.taxRateBp}
       where country_code = ${params.countryCode}`);
    const region = await getRegionForAdmin(tx, Number(current.region_id));
    await deps.audit?.(tx, {
      targetType: 'country',
      targetId: params.countryCode,
      before: {
        countryCode: params.countryCode,
        regionId: region.id,
        taxRateBp: current.tax_rate_bp === null ? null : Number(current.tax_rate_bp),
      },
      after: { countryCode: params.countryCode, regionId: region.id, taxRateBp: params.taxRateBp },
    });
    return region;
  });
}
