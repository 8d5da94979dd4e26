import { isSupportedCurrency } from '@shop/money';
import { z } from 'zod';
import { html, type SafeHtml } from '../html';

/** What every template renders to. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** Settings of the process that renders, not of the mail: the same for every message. */
export interface RenderContext {
  /** Public origin of the storefront, without a trailing slash: links in mails point at it. */
  storefrontUrl: string;
  /** Shown in the header and the footer of every mail. */
  shopName: string;
}

export const zMinorUnits = z.number().int('Amounts must be whole minor units (cents)');
export const zCurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'Currency must be a three-letter ISO 4217 code such as USD')
  .refine((code): boolean => isSupportedCurrency(code), 'The shop does not sell in that currency');

/**
 * An address as snapshotted into an order. Deliberately loose (no postal-code rules): the order
 * exists already, and a confirmation must never fail over a format the checkout accepted.
 */
export const zMailAddress = z.object({
  firstName: z.string(),
  lastName: z.string(),
  line1: z.string(),
  line2: z.string().default(''),
  city: z.string(),
  postalCode: z.string().default(''),
  province: z.string().default(''),
  countryCode: z.string().length(2),
  phone: z.string().default(''),
});
export type MailAddress = z.infer<typeof zMailAddress>;

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

function countryName(code: string): string {
  try {
    return regionNames.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** The address as lines, in the order a postal label shows them. */
export function addressLines(address: MailAddress): string[] {
  const cityLine = [address.postalCode, address.city, address.province]
    .map((part) => part.trim())
    .filter(Boolean)
    .join(' ');
  return [
    `${address.firstName} ${address.lastName}`.trim(),
    address.line1,
    address.line2,
    cityLine,
    countryName(address.countryCode),
    address.phone,
  ]
    .map((line) => line.trim())
    .filter(Boolean);
}

/** A call-to-action button that degrades to a plain link in clients without CSS. */
export function button(href: string, label: string): SafeHtml {
  return html`<table role="presentation" cellpadding="0" cellspacing="0" style="margin:24px 0">
    <tr>
      <td style="border-radius:6px;background:#0f6b73">
        <a
          href="${href}"
          style="display:inline-block;padding:12px 20px;color:#ffffff;font-weight:600;text-decoration:none;border-radius:6px"
          >${label}</a
        >
      </td>
    </tr>
  </table>`;
}

/**
 * The frame shared by every mail: a narrow single column with inline styles (mail clients strip
 * `<style>` blocks), a hidden preheader that inboxes show next to the subject, and a footer.
 */
export function layout(
  context: RenderContext,
  { title, preheader, body }: { title: string; preheader: string; body: SafeHtml },
): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
      </head>
      <body
        style="margin:0;padding:0;background:#f5f6f7;color:#1f2328;font-family:-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;font-size:15px;line-height:1.5"
      >
        <div style="display:none;max-height:0;overflow:hidden">${preheader}</div>
        <table
          role="presentation"
          width="100%"
          cellpadding="0"
          cellspacing="0"
          style="background:#f5f6f7"
        >
          <tr>
            <td align="center" style="padding:24px 12px">
              <table
                role="presentation"
                width="100%"
                cellpadding="0"
                cellspacing="0"
                style="max-width:560px;background:#ffffff;border:1px solid #e3e5e8;border-radius:14px"
              >
                <tr>
                  <td style="padding:24px 28px 0;font-size:18px;font-weight:600">
                    <a href="${context.storefrontUrl}" style="color:#1f2328;text-decoration:none"
                      >${context.shopName}</a
                    >
                  </td>
                </tr>
                <tr>
                  <td style="padding:8px 28px 28px">${body}</td>
                </tr>
              </table>
              <p style="margin:16px 0 0;color:#6a717b;font-size:12px">
                ${context.shopName} ·
                <a href="${context.storefrontUrl}" style="color:#6a717b"
                  >${context.storefrontUrl.replace(/^https?:\/\//, '')}</a
                >
              </p>
            </td>
          </tr>
        </table>
      </body>
    </html> `.value;
}
