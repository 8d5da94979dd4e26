const names = new Intl.DisplayNames(['en'], { type: 'region' });

export interface CountryOption {
  code: string;
  name: string;
}

/**
 * The region's countries (`storefront.catalog.regionCountries`: what staff set in Settings →
 * Regions), named in English; null when the region has none, so the form asks for the
 * two-letter code instead. The server checks the country again when the address is saved
 * (`updateCartDetails`).
 */
export function countryOptions(codes: readonly string[]): CountryOption[] | null {
  if (codes.length === 0) return null;
  return codes.map((code) => ({ code, name: countryName(code) }));
}

export function countryName(code: string): string {
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}
