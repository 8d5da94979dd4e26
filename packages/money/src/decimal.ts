import { currencyDigits } from './currencies';

export type ParsedAmount = { ok: true; amount: number } | { ok: false; error: string };

export type ParseOptions = {
  /** Accept a leading "-" (refund deltas, adjustments). Prices and limits leave it off. */
  allowNegative?: boolean;
  /** Upper bound on the absolute amount in minor units; defaults to the safe-integer limit. */
  max?: number;
};

/**
 * Minor units as plain decimal text, the form a price input shows and `parseDecimal` reads:
 * 2900 USD -> "29.00", 2900 JPY -> "2900", 5 KWD -> "0.005", -150 EUR -> "-1.50". Digits are
 * moved as text, never divided as a float.
 */
export function toDecimal(amount: number, currencyCode: string): string {
  if (!Number.isSafeInteger(amount)) {
    throw new RangeError(`${String(amount)} ${currencyCode} is not a whole number of minor units.`);
  }
  const digits = currencyDigits(currencyCode);
  const sign = amount < 0 ? '-' : '';
  const units = String(Math.abs(amount)).padStart(digits + 1, '0');
  return digits === 0
    ? `${sign}${units}`
    : `${sign}${units.slice(0, -digits)}.${units.slice(-digits)}`;
}

/**
 * Decimal text in major units ("29", "29.5", "29.00", "0.005") to integer minor units, joining
 * digits as text so "0.29" is exactly 29 and "19.99" exactly 1999. Strict: more fraction digits
 * than the currency has is an error (never a rounding), and so are signs where not allowed,
 * exponents, grouping separators, and anything else. Errors are one sentence for the user.
 */
export function parseDecimal(
  text: string,
  currencyCode: string,
  options: ParseOptions = {},
): ParsedAmount {
  const digits = currencyDigits(currencyCode);
  const value = text.trim();
  if (value === '') return { ok: false, error: 'Enter an amount.' };
  const match = /^([+-]?)(\d+)(?:\.(\d*))?$/.exec(value);
  const example = toDecimal(2900, currencyCode);
  if (!match) {
    return {
      ok: false,
      error:
        digits === 0
          ? `Enter a whole number such as ${example}.`
          : `Enter a number such as ${example}.`,
    };
  }
  const [, sign = '', whole = '0', fraction = ''] = match;
  if (sign === '-' && !options.allowNegative) {
    return { ok: false, error: 'The amount cannot be negative.' };
  }
  if (fraction.length > digits) {
    return {
      ok: false,
      error:
        digits === 0
          ? `${currencyCode} amounts have no decimals.`
          : `${currencyCode} amounts have at most ${digits} decimals.`,
    };
  }
  const units = `${whole}${fraction.padEnd(digits, '0')}`.replace(/^0+(?=\d)/, '');
  const max = options.max ?? Number.MAX_SAFE_INTEGER;
  // Compare as text first: past 16 digits Number would round before the check.
  if (units.length > 16 || Number(units) > max) {
    return { ok: false, error: `The amount is larger than ${toDecimal(max, currencyCode)}.` };
  }
  const magnitude = Number(units);
  return { ok: true, amount: sign === '-' && magnitude !== 0 ? -magnitude : magnitude };
}
