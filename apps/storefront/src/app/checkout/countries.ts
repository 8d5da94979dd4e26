/**
 * The countries each region ships to, for the address form's Country select. A fixed copy of
 * the seeded `region_countries` rows: the API has no read for them yet. The server checks the
 * country again when the address is saved (`updateCartDetails`), so a region added by a
 * merchant only needs adding here to show up in the select; until then the shopper types the
 * two-letter code instead.
 */
const REGION_COUNTRIES: Record<string, readonly string[]> = {
  us: ['US', 'CA'],
  eu: ['DE', 'FR', 'NL', 'ES', 'IT', 'BE', 'AT', 'IE'],
};

const names = new Intl.DisplayNames(['en'], { type: 'region' });

export interface CountryOption {
  code: string;
  name: string;
}

/** The region's countries, named in English; null when the region is not in the list. */
export function countriesFor(regionCode: string): CountryOption[] | null {
  const codes = REGION_COUNTRIES[regionCode];
  if (!codes) return null;
  return codes.map((code) => ({ code, name: names.of(code) ?? code }));
}

export function countryName(code: string): string {
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}
