import { z } from 'zod';
import { zRegion } from './catalog';
import { zCurrencyCode, zId, zMinorUnits } from './common';

// The admin's shop settings (`admin.settings.*`): regions and their currencies, tax rates,
// shipping options, stock locations. Tax rates are basis points (1900 = 19%), amounts minor
// units of the region's currency.

/** Every ISO 3166-1 alpha-2 country code (249, officially assigned). */
export const COUNTRY_CODES: readonly string[] = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR ' +
  'BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ ' +
  'EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW ' +
  'GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY ' +
  'KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV ' +
  'MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY ' +
  'QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG ' +
  'TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ');

const countrySet = new Set(COUNTRY_CODES);

/** A country as ISO 3166-1 alpha-2 (`DE`); lower case is read as upper case. */
export const zCountryCode = z
  .string({ message: 'Country must be text' })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'Country must be a two-letter ISO 3166 code such as DE')
  .refine((c) => countrySet.has(c), { message: 'That is not an ISO 3166 country code' });

/** 100% in basis points: the highest tax rate. */
export const MAX_TAX_RATE_BP = 10_000;

export const zTaxRateBp = z
  .number({ message: 'Tax rate must be a number' })
  .int('Tax rate must be a whole number of basis points (19% is 1900)')
  .min(0, 'Tax rate cannot be negative')
  .max(MAX_TAX_RATE_BP, 'Tax rate can be at most 100%');

/**
 * Codes no region may take: `default` (what the storefront calls the default region) and the
 * storefront's own top-level paths, which a region's address (`/<code>`) would shadow or be
 * shadowed by. The edge's VCL (docker/varnish/default.vcl) keeps cookies on the same paths.
 */
export const RESERVED_REGION_CODES = [
  'default',
  'account',
  'api',
  'cart',
  'checkout',
  'collections',
  'media',
  'region',
  'search',
] as const;

/** A region's code: its storefront address (`/eu`) and the region cookie's value. */
export const zRegionAdminCode = z
  .string({ message: 'Code must be text' })
  .trim()
  .regex(/^[a-z]{2,8}$/, 'Code must be 2 to 8 lowercase letters (it is the storefront address)')
  .refine((c) => !(RESERVED_REGION_CODES as readonly string[]).includes(c), {
    error: (issue) =>
      `"${String(issue.input)}" is reserved (the storefront uses /${String(issue.input)} itself); choose another code`,
  });

export const zRegionInput = z.object({
  code: zRegionAdminCode,
  name: z
    .string({ message: 'Name must be text' })
    .trim()
    .min(1, 'Name is required')
    .max(100, 'Name must be at most 100 characters'),
  currencyCode: zCurrencyCode,
  taxInclusive: z.boolean({ message: 'Prices include tax must be yes or no' }),
  taxRateBp: zTaxRateBp,
  /** Makes this the region shoppers land in; the previous default stops being it. */
  isDefault: z.boolean().default(false),
});
export type RegionInput = z.input<typeof zRegionInput>;

export const zRegionUpdateInput = z.object({ id: zId, region: zRegionInput });
export type RegionUpdateInput = z.input<typeof zRegionUpdateInput>;

export const zRegionCountriesInput = z.object({
  regionId: zId,
  /** The region's whole list: countries left out leave the region (with their own tax rate). */
  countries: z
    .array(zCountryCode)
    .max(COUNTRY_CODES.length, 'Too many countries')
    .transform((codes) => [...new Set(codes)].sort()),
});
export type RegionCountriesInput = z.input<typeof zRegionCountriesInput>;

export const zCountryTaxRateInput = z.object({
  countryCode: zCountryCode,
  /** The country's own rate; null: the region's default rate applies again. */
  taxRateBp: zTaxRateBp.nullable(),
});
export type CountryTaxRateInput = z.input<typeof zCountryTaxRateInput>;

export const zRegionCountry = z.object({
  countryCode: z.string(),
  /** The country's own tax rate; null: its region's. */
  taxRateBp: z.number().int().nullable(),
});
export type RegionCountry = z.infer<typeof zRegionCountry>;

/** A region as the storefront reads it, with what the admin needs to manage it. */
export const zAdminRegion = zRegion.extend({
  isDefault: z.boolean(),
  countries: z.array(zRegionCountry),
  shippingOptions: z.number().int(),
  /** Carts and orders in the region: a region with either cannot be deleted. */
  carts: z.number().int(),
  orders: z.number().int(),
  /** Active variants with no price in the region's currency: shoppers there cannot buy them. */
  variantsWithoutPrice: z.number().int(),
});
export type AdminRegion = z.infer<typeof zAdminRegion>;

export const zShippingOptionType = z.enum(['flat', 'free_over'], {
  message: 'Type must be flat or free_over',
});
export type ShippingOptionType = z.infer<typeof zShippingOptionType>;

const shippingFields = {
  name: z
    .string({ message: 'Name must be text' })
    .trim()
    .min(1, 'Name is required')
    .max(100, 'Name must be at most 100 characters'),
  type: zShippingOptionType,
  /** What the option costs, in minor units of the region's currency. */
  amount: zMinorUnits,
  /** `free_over`: the discounted subtotal from which the option is free; null for `flat`. */
  freeOverAmount: zMinorUnits.nullable().default(null),
  active: z.boolean().default(true),
};

function checkThreshold(
  o: { type: ShippingOptionType; freeOverAmount: number | null },
  ctx: z.RefinementCtx,
) {
  if (o.type === 'free_over' && o.freeOverAmount === null)
    ctx.addIssue({
      code: 'custom',
      path: ['freeOverAmount'],
      message: 'A "free over" option needs the subtotal from which it is free',
    });
  if (o.type === 'flat' && o.freeOverAmount !== null)
    ctx.addIssue({
      code: 'custom',
      path: ['freeOverAmount'],
      message: 'Only a "free over" option has a threshold',
    });
}

export const zShippingOptionFields = z.object(shippingFields).superRefine(checkThreshold);
export type ShippingOptionFields = z.input<typeof zShippingOptionFields>;

export const zShippingOptionInput = z
  .object({ regionId: zId, ...shippingFields })
  .superRefine(checkThreshold);
export type ShippingOptionInput = z.input<typeof zShippingOptionInput>;

export const zShippingOptionUpdateInput = z.object({ id: zId, option: zShippingOptionFields });
export type ShippingOptionUpdateInput = z.input<typeof zShippingOptionUpdateInput>;

export const zShippingOptionMoveInput = z.object({
  id: zId,
  direction: z.enum(['up', 'down'], { message: 'Direction must be up or down' }),
});

export const zShippingOptionListInput = z.object({ regionId: zId.optional() }).default({});

export const zAdminShippingOption = z.object({
  id: z.number().int(),
  regionId: z.number().int(),
  regionCode: z.string(),
  regionName: z.string(),
  currencyCode: z.string(),
  name: z.string(),
  type: zShippingOptionType,
  amount: z.number().int(),
  freeOverAmount: z.number().int().nullable(),
  active: z.boolean(),
  position: z.number().int(),
});
export type AdminShippingOption = z.infer<typeof zAdminShippingOption>;

/** A stock location's code: lowercase letters, digits and single dashes (`main`, `berlin-2`). */
export const zLocationCode = z
  .string({ message: 'Code must be text' })
  .trim()
  .toLowerCase()
  .min(1, 'Code is required')
  .max(32, 'Code must be at most 32 characters')
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)*$/,
    'Code may contain only letters, digits and single dashes (it is kept in lower case)',
  );

const zLocationName = z
  .string({ message: 'Name must be text' })
  .trim()
  .min(1, 'Name is required')
  .max(100, 'Name must be at most 100 characters');

export const zLocationInput = z.object({ code: zLocationCode, name: zLocationName });
export type LocationInput = z.input<typeof zLocationInput>;

export const zLocationRenameInput = z.object({ id: zId, name: zLocationName });
export type LocationRenameInput = z.input<typeof zLocationRenameInput>;

export const zAdminStockLocation = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  /** Units on hand there over all variants, and how many of them checkouts hold. */
  onHand: z.number().int(),
  reserved: z.number().int(),
  /** Transfers from or to it (any status): a location with any cannot be deleted. */
  transfers: z.number().int(),
});
export type AdminStockLocation = z.infer<typeof zAdminStockLocation>;

/** What a delete answers: the id of the row that is gone. */
export const zDeleted = z.object({ id: z.number().int() });
