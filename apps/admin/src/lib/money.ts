import { zMinorUnits } from '@shop/validators';

const digitsByCurrency = new Map<string, number>();

/**
 * How many minor units make a major one, as a power of ten: 2 for USD and EUR, 0 for JPY,
 * 3 for KWD. Taken from ICU, the same source the storefront formats prices with.
 */
export function currencyDigits(currencyCode: string): number {
  let digits = digitsByCurrency.get(currencyCode);
  if (digits === undefined) {
    const options = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: currencyCode,
    }).resolvedOptions();
    digits = options.maximumFractionDigits ?? 2;
    digitsByCurrency.set(currencyCode, digits);
  }
  return digits;
}

/** Integer minor units to the text of a price input: 2900 USD -> "29.00", 2900 JPY -> "2900". */
export function formatMinorUnits(amount: number, currencyCode: string): string {
  const digits = currencyDigits(currencyCode);
  const text = String(Math.abs(amount)).padStart(digits + 1, '0');
  const sign = amount < 0 ? '-' : '';
  return digits === 0
    ? `${sign}${text}`
    : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

export type ParsedAmount = { ok: true; amount: number } | { ok: false; error: string };

/**
 * A price typed in major units ("29", "29.5", "29.00") to integer minor units (2900). The
 * decimal text is split and joined as digits, never multiplied as a float, so "0.29" is exactly
 * 29 and "19.99" exactly 1999. More decimals than the currency has is an error, not a rounding.
 */
export function parseMajorUnits(text: string, currencyCode: string): ParsedAmount {
  const value = text.trim();
  const digits = currencyDigits(currencyCode);
  if (value === '') return { ok: false, error: 'Enter a price' };
  const match = /^(\d+)(?:\.(\d*))?$/.exec(value);
  if (!match) {
    return {
      ok: false,
      error:
        digits === 0
          ? 'Enter a whole number, e.g. 2900'
          : `Enter a number like ${formatMinorUnits(2900, currencyCode)}`,
    };
  }
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > digits) {
    return {
      ok: false,
      error:
        digits === 0
          ? `${currencyCode} prices have no decimals`
          : `${currencyCode} prices have at most ${digits} decimals`,
    };
  }
  const minor = `${whole}${fraction.padEnd(digits, '0')}`.replace(/^0+(?=\d)/, '');
  // Anything this long is far beyond the allowed maximum; stop before Number loses precision.
  if (minor.length > 15) return { ok: false, error: 'Price is too large' };
  const checked = zMinorUnits.safeParse(Number(minor));
  if (!checked.success)
    return { ok: false, error: checked.error.issues[0]?.message ?? 'Price is invalid' };
  return { ok: true, amount: checked.data };
}
