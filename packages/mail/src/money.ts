const LOCALE = 'en-US';
const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currencyCode: string): Intl.NumberFormat {
  let formatter = formatters.get(currencyCode);
  if (!formatter) {
    formatter = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: currencyCode });
    formatters.set(currencyCode, formatter);
  }
  return formatter;
}

/**
 * Formats integer minor units for a mail: 2499 USD -> "$24.99", 2499 JPY -> "¥2,499". The
 * currency's own number of fraction digits (from ICU) says how many minor units make a major
 * one. The amount is handed to Intl as an exact decimal string, so no float is ever involved.
 */
export function formatMinorUnits(amount: number, currencyCode: string): string {
  if (!Number.isSafeInteger(amount)) {
    throw new Error(`Amount ${amount} ${currencyCode} is not a whole number of minor units.`);
  }
  const formatter = formatterFor(currencyCode);
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  const sign = amount < 0 ? '-' : '';
  const units = String(Math.abs(amount)).padStart(digits + 1, '0');
  const decimal =
    digits === 0
      ? units
      : `${units.slice(0, units.length - digits)}.${units.slice(units.length - digits)}`;
  return formatter.format(`${sign}${decimal}` as `${number}`);
}
