import { currencyDigits } from './currencies';
import { parseDecimal, toDecimal, type ParsedAmount } from './decimal';

export const DEFAULT_LOCALE = 'en-US';

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currencyCode: string, locale: string): Intl.NumberFormat {
  const key = `${locale}|${currencyCode}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const digits = currencyDigits(currencyCode);
    // The digits are pinned to the ISO exponent: ICU would show IDR with 0 decimals and round.
    formatter = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: currencyCode,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * Minor units as money for people, per locale: 2499 USD -> "$24.99", 2499 JPY -> "¥2,499",
 * 2499 KWD -> "KWD 2.499", 5,000,000,000 IDR -> "IDR 50,000,000.00". Intl receives the exact
 * decimal string from `toDecimal`, so no float is involved at any size.
 */
export function formatMoney(
  amount: number,
  currencyCode: string,
  locale: string = DEFAULT_LOCALE,
): string {
  return formatterFor(currencyCode, locale).format(toDecimal(amount, currencyCode) as `${number}`);
}

/**
 * Reads back what `formatMoney` wrote for the same currency and locale ("$1,234.50" -> 123450):
 * the locale's currency sign, literals and grouping are removed and its decimal separator read
 * as ".", then the text goes through the strict `parseDecimal`. For pasted or round-tripped
 * display text; forms take plain decimal text.
 */
export function parseMoney(
  text: string,
  currencyCode: string,
  locale: string = DEFAULT_LOCALE,
): ParsedAmount {
  const parts = formatterFor(currencyCode, locale).formatToParts(-1234.5);
  const remove = new Set<string>();
  let decimal = '.';
  let minus = '-';
  for (const part of parts) {
    if (part.type === 'currency' || part.type === 'literal' || part.type === 'group') {
      remove.add(part.value);
    } else if (part.type === 'decimal') decimal = part.value;
    else if (part.type === 'minusSign') minus = part.value;
  }
  let plain = text;
  for (const piece of remove) plain = plain.split(piece).join('');
  plain = plain.replace(/\s/g, '').split(minus).join('-').split(decimal).join('.');
  return parseDecimal(plain, currencyCode, { allowNegative: true });
}
