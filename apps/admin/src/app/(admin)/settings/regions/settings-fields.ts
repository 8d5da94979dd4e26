import { z } from 'zod';
import { parseDecimal } from '@shop/money';
import { zTaxRateBp } from '@shop/validators';
import { basisPointsToPercent, percentToBasisPoints } from '../../discounts/discount-fields';

/**
 * The text fields the settings forms share, as zod schemas that turn what staff type into the
 * API's integers: a percentage ("19", "7.5") into basis points, never through a float, checked
 * by the shared `zTaxRateBp`; an amount in a currency's digits (`@shop/money`) into minor units.
 * The forms validate with them (react-hook-form's zod resolver) before the server action runs;
 * the router checks everything again.
 */
export const zPercentText = z
  .string()
  .transform((text, ctx) => {
    const bp = percentToBasisPoints(text);
    if (bp === null) {
      ctx.addIssue({ code: 'custom', message: 'Enter a percentage such as 19 or 7.5' });
      return z.NEVER;
    }
    return bp;
  })
  .pipe(zTaxRateBp);

/** A basis-point rate as the percentage text a field shows (1900 → "19"). */
export const percentText = basisPointsToPercent;

/** Minor units from text in `currencyCode`'s digits ("4.99" EUR → 499). */
export function zAmountText(currencyCode: string) {
  return z.string().transform((text, ctx) => {
    const parsed = parseDecimal(text, currencyCode);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    return parsed.amount;
  });
}

/** What a settings server action answers: its sentence, and the id of what it created. */
export type SettingsActionResult =
  { ok: true; message: string; id?: number } | { ok: false; message: string };
