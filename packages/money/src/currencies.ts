/**
 * ISO 4217 minor-unit exponents of every currency the shop supports: how many minor units make
 * a major one, as a power of ten.
 *
 * A table, not `Intl.NumberFormat().resolvedOptions().maximumFractionDigits`: ICU answers with
 * CLDR's *display* digits, which differ from ISO's for several currencies (IDR, HUF, ISK, CLP
 * display 0 decimals though IDR and HUF have 2 minor digits) and can change with the ICU build
 * Node ships. A stored amount of minor units must mean the same money on every runtime, so the
 * exponent is data we own, reviewed here, and the formatter is told to show exactly these digits.
 */
export const CURRENCY_DIGITS = {
  AUD: 2,
  BHD: 3,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CLP: 0,
  CNY: 2,
  CZK: 2,
  DKK: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  HUF: 2,
  IDR: 2,
  INR: 2,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KRW: 0,
  KWD: 3,
  MXN: 2,
  MYR: 2,
  NOK: 2,
  NZD: 2,
  OMR: 3,
  PHP: 2,
  PLN: 2,
  SEK: 2,
  SGD: 2,
  THB: 2,
  TND: 3,
  USD: 2,
  VND: 0,
  ZAR: 2,
} as const satisfies Record<string, 0 | 2 | 3>;

export type CurrencyCode = keyof typeof CURRENCY_DIGITS;

export const SUPPORTED_CURRENCIES = Object.keys(CURRENCY_DIGITS) as CurrencyCode[];

/**
 * The largest amount of one price or line, in minor units. With a quantity limit in the
 * thousands every cart sum stays a JS safe integer (2^53) and fits the `bigint` columns; it is
 * 10 billion major units of a 2-digit currency (a 50,000,000 IDR order is 5,000,000,000).
 */
export const MAX_MINOR_UNITS = 1_000_000_000_000;

export function isSupportedCurrency(code: string): code is CurrencyCode {
  return Object.hasOwn(CURRENCY_DIGITS, code);
}

/** The currency's minor-unit exponent: 2 for USD and IDR, 0 for JPY, 3 for KWD. */
export function currencyDigits(currencyCode: string): number {
  if (!isSupportedCurrency(currencyCode)) {
    throw new RangeError(`The shop does not support the currency "${currencyCode}".`);
  }
  return CURRENCY_DIGITS[currencyCode];
}
