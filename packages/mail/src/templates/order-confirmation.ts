import { formatMoney } from '@shop/money';
import { z } from 'zod';
import { html } from '../html';
import {
  addressLines,
  button,
  layout,
  zCurrencyCode,
  zMailAddress,
  zMinorUnits,
  type RenderContext,
  type RenderedMail,
} from './shared';

/**
 * The payload of `{ template: 'order-confirmation' }`: a snapshot of the placed order, as
 * `createOrderFromCheckout` in the core enqueues it. Unknown keys are ignored.
 */
export const zOrderConfirmationData = z.object({
  number: z.number().int().positive(),
  /** For the greeting; the shipping address's first name is used when absent. */
  customerName: z.string().trim().max(200).optional(),
  currencyCode: zCurrencyCode,
  lines: z
    .array(
      z.object({
        title: z.string(),
        variantTitle: z.string().default(''),
        sku: z.string().optional(),
        quantity: z.number().int().positive(),
        unitPrice: zMinorUnits,
        /** The line's total after its discount, as charged. */
        total: zMinorUnits,
      }),
    )
    .min(1, 'An order confirmation needs at least one line'),
  subtotal: zMinorUnits,
  discountTotal: zMinorUnits.default(0),
  discountCode: z.string().nullish(),
  shippingTotal: zMinorUnits,
  shippingOptionName: z.string().optional(),
  taxTotal: zMinorUnits.default(0),
  /** Prices include tax (the tax row then reads "including"), as in the order's region. */
  taxInclusive: z.boolean().default(false),
  total: zMinorUnits,
  shippingAddress: zMailAddress,
  /**
   * The order's access token: the mail's link then opens the order without signing in (a
   * guest's only way back to it). `null` leaves it out, for a link that asks to sign in.
   */
  accessToken: z.string().min(1).nullable(),
});
export type OrderConfirmationData = z.input<typeof zOrderConfirmationData>;

/** Where the mail's "View your order" points. */
export function orderLink(
  storefrontUrl: string,
  orderNumber: number,
  accessToken: string | null,
): string {
  const url = new URL(`/account/orders/${orderNumber}`, `${storefrontUrl}/`);
  if (accessToken) url.searchParams.set('token', accessToken);
  return url.toString();
}

export function renderOrderConfirmation(
  input: z.output<typeof zOrderConfirmationData>,
  context: RenderContext,
): RenderedMail {
  const money = (amount: number) => formatMoney(amount, input.currencyCode);
  const name = input.customerName || input.shippingAddress.firstName;
  const link = orderLink(context.storefrontUrl, input.number, input.accessToken);
  const subject = `Order #${input.number} confirmed`;

  const totals: Array<[string, string]> = [['Subtotal', money(input.subtotal)]];
  if (input.discountTotal > 0) {
    totals.push([
      input.discountCode ? `Discount (${input.discountCode})` : 'Discount',
      `−${money(input.discountTotal)}`,
    ]);
  }
  totals.push([
    input.shippingOptionName ? `Shipping · ${input.shippingOptionName}` : 'Shipping',
    input.shippingTotal === 0 ? 'Free' : money(input.shippingTotal),
  ]);
  if (input.taxTotal > 0 || !input.taxInclusive) {
    totals.push([input.taxInclusive ? 'Including tax' : 'Tax', money(input.taxTotal)]);
  }
  const address = addressLines(input.shippingAddress);
  const lineLabel = (l: (typeof input.lines)[number]) =>
    l.variantTitle ? `${l.title} — ${l.variantTitle}` : l.title;

  const text = [
    name ? `Hi ${name},` : 'Hello,',
    '',
    `Thank you for your order. We have received your payment and will let you know when order #${input.number} ships.`,
    '',
    ...input.lines.map(
      (l) =>
        `${l.quantity} × ${lineLabel(l)}  ${money(l.total)}` +
        (l.quantity > 1 ? ` (${money(l.unitPrice)} each)` : ''),
    ),
    '',
    ...totals.map(([label, value]) => `${label}: ${value}`),
    `Total: ${money(input.total)}`,
    '',
    'Shipping to:',
    ...address,
    '',
    `View your order: ${link}`,
    '',
  ].join('\n');

  const cell = 'padding:8px 0;border-bottom:1px solid #e3e5e8;vertical-align:top';
  const body = html` <h1 style="margin:16px 0 8px;font-size:22px;line-height:1.3">
      Thank you for your order
    </h1>
    <p style="margin:0 0 16px">
      ${name ? html`Hi ${name}, we` : 'We'} have received your payment and will let you know when
      order <strong>#${input.number}</strong> ships.
    </p>
    <table
      role="presentation"
      width="100%"
      cellpadding="0"
      cellspacing="0"
      style="border-collapse:collapse"
    >
      ${input.lines.map(
        (l) =>
          html`<tr>
            <td style="${cell}">
              ${l.title}${l.variantTitle ? html`<br /><span style="color:#6a717b;font-size:13px">${l.variantTitle}</span>` : ''}
            </td>
            <td style="${cell};text-align:center;white-space:nowrap;color:#6a717b">
              × ${l.quantity}
            </td>
            <td style="${cell};text-align:right;white-space:nowrap">${money(l.total)}</td>
          </tr>`,
      )}
      ${totals.map(
        ([label, value]) =>
          html`<tr>
            <td colspan="2" style="padding:4px 0;color:#6a717b">${label}</td>
            <td style="padding:4px 0;text-align:right;white-space:nowrap">${value}</td>
          </tr>`,
      )}
      <tr>
        <td colspan="2" style="padding:8px 0;font-weight:600;border-top:1px solid #e3e5e8">
          Total
        </td>
        <td
          style="padding:8px 0;text-align:right;font-weight:600;white-space:nowrap;border-top:1px solid #e3e5e8"
        >
          ${money(input.total)}
        </td>
      </tr>
    </table>
    <h2 style="margin:24px 0 4px;font-size:15px">Shipping to</h2>
    <p style="margin:0;color:#3d434b">
      ${address.map((line, i) => html`${i > 0 ? html`<br />` : ''}${line}`)}
    </p>
    ${button(link, 'View your order')}
    <p style="margin:0;color:#6a717b;font-size:13px">
      ${input.accessToken ? 'Keep this mail: the button opens your order without an account.' : 'Sign in to your account to see your order.'}
    </p>`;

  return {
    subject,
    text,
    html: layout(context, { title: subject, preheader: `Total ${money(input.total)}`, body }),
  };
}
