import { boolean, char, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { createdAt, id, ref } from './columns';

/** A region sells in one currency to a set of countries, with prices shown with or without tax. */
export const regions = pgTable(
  'regions',
  {
    id: id(),
    code: text().notNull(),
    name: text().notNull(),
    currencyCode: char({ length: 3 }).notNull(),
    taxInclusive: boolean().notNull().default(false),
    /** Default tax rate in basis points (2000 = 20%). */
    taxRateBp: integer().notNull().default(0),
    isDefault: boolean().notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('regions_code_key').on(t.code),
    uniqueIndex('regions_one_default')
      .on(t.isDefault)
      .where(sql`${t.isDefault}`),
    check('regions_code_format', sql`${t.code} ~ '^[a-z]{2,8}$'`),
    check('regions_tax_rate_range', sql`${t.taxRateBp} between 0 and 10000`),
  ],
);

export const regionCountries = pgTable(
  'region_countries',
  {
    countryCode: char({ length: 2 }).primaryKey(),
    regionId: ref()
      .notNull()
      .references(() => regions.id, { onDelete: 'cascade' }),
    /**
     * This country's tax rate in basis points, where it differs from its region's default (EU VAT
     * differs by country inside one euro region); null: the region's `tax_rate_bp`.
     */
    taxRateBp: integer(),
  },
  (t) => [
    index('region_countries_region_id_idx').on(t.regionId),
    check('region_countries_tax_rate_range', sql`${t.taxRateBp} between 0 and 10000`),
  ],
);
