import { formatMinorUnits } from '~/lib/money';

const formats = new Map<string, Intl.NumberFormat>();

/**
 * Integer minor units as money for people: 2599 USD -> "$25.99". The amount goes to Intl as the
 * exact decimal text from `formatMinorUnits`, never as a float divided by 100.
 */
export function formatMoney(amount: number, currencyCode: string): string {
  let format = formats.get(currencyCode);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency: currencyCode });
    formats.set(currencyCode, format);
  }
  return format.format(formatMinorUnits(amount, currencyCode) as `${number}`);
}

/**
 * Order event messages are written by the core with amounts in minor units ("Payment of 4999 USD
 * captured."); staff read them as money ("Payment of $49.99 captured.").
 */
export function humanizeAmounts(message: string): string {
  return message.replace(
    /\b(\d{1,15}) ([A-Z]{3})\b/g,
    (_match, amount: string, currency: string) => {
      try {
        return formatMoney(Number(amount), currency);
      } catch {
        return `${amount} ${currency}`; // not a currency Intl knows: leave the text as written
      }
    },
  );
}

export const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** `/orders/1001` and similar: a positive integer of at most 15 digits. */
export function parseOrderNumber(text: string | undefined): number | null {
  return text && /^#?[1-9]\d{0,14}$/.test(text) ? Number(text.replace('#', '')) : null;
}
