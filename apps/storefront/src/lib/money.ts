import type { Money } from '@shop/validators';

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
 * Formats integer minor units for display: 2499 USD -> "$24.99", 2499 JPY -> "¥2,499",
 * 2499 KWD -> "KWD 2.499". The currency's own number of fraction digits (from ICU) says how many
 * minor units make a major one. The division happens only here, for display; amounts are never
 * computed with as floats.
 */
export function formatMoney(money: Money): string {
  const formatter = formatterFor(money.currencyCode);
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(money.amount / 10 ** digits);
}
