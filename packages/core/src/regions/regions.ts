import { asc, desc, eq } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { regionCountries, regions } from '@shop/db/schema';
import { CommerceError } from '../errors';

export interface Region {
  id: number;
  code: string;
  name: string;
  currencyCode: string;
  taxInclusive: boolean;
  taxRateBp: number;
}

const columns = {
  id: regions.id,
  code: regions.code,
  name: regions.name,
  currencyCode: regions.currencyCode,
  taxInclusive: regions.taxInclusive,
  taxRateBp: regions.taxRateBp,
};

export async function listRegions(db: Database): Promise<Region[]> {
  return db.select(columns).from(regions).orderBy(asc(regions.id));
}

/**
 * Resolves a region code; `default` (or an unknown code when `fallback` is set) gives the shop's
 * default region, so a stale cookie never breaks a page.
 */
export async function getRegion(
  db: Database,
  code: string,
  options: { fallback?: boolean } = {},
): Promise<Region> {
  if (code !== 'default') {
    const [found] = await db.select(columns).from(regions).where(eq(regions.code, code)).limit(1);
    if (found) return found;
    if (!options.fallback)
      throw new CommerceError('REGION_NOT_FOUND', `There is no region "${code}".`);
  }
  const [region] = await db
    .select(columns)
    .from(regions)
    .orderBy(desc(regions.isDefault), asc(regions.id))
    .limit(1);
  if (!region)
    throw new CommerceError('REGION_NOT_FOUND', 'The shop has no region configured yet.');
  return region;
}

/**
 * The countries a region ships to (ISO 3166 alpha-2, sorted), as staff set them in Settings →
 * Regions: the checkout's Country select offers these. An unknown region has none.
 */
export async function listRegionCountries(db: Database, regionCode: string): Promise<string[]> {
  const rows = await db
    .select({ code: regionCountries.countryCode })
    .from(regionCountries)
    .innerJoin(regions, eq(regions.id, regionCountries.regionId))
    .where(eq(regions.code, regionCode))
    .orderBy(asc(regionCountries.countryCode));
  return rows.map((r) => r.code);
}
