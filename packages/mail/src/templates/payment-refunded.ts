import { formatMoney } from '@shop/money';
import { z } from 'zod';
import { html } from '../html';
import {
  layout,
  zCurrencyCode,
  zMinorUnits,
  type RenderContext,
  type RenderedMail,
} from './shared';

/**
 * The payload of `{ template: 'payment-refunded' }`, enqueued by the core's `refundPayment`.
 *
 * Two situations share it. `unfulfillable`: a payment arrived after its stock reservation lapsed
 * and the stock was gone (or the checkout was closed), so no order exists and the payment goes
 * back. `order`: a placed order was refunded by the shop. `kind` says which; when it is absent,
 * a refund with an `orderNumber` is an `order` refund and one without is `unfulfillable`.
 */
export const zPaymentRefundedData = z.object({
  amount: zMinorUnits.positive('The refund amount must be positive'),
  currencyCode: zCurrencyCode,
  kind: z.enum(['unfulfillable', 'order']).optional(),
  /** The order's number when one had been placed. */
  orderNumber: z.number().int().positive().nullish(),
  customerName: z.string().trim().max(200).optional(),
  /** What the customer tried to buy, e.g. "2 × Linen shirt — M". */
  items: z.array(z.string()).default([]),
  /**
   * The refund's reason as recorded by the shop (a staff member may have typed it), so it is
   * never shown to the customer.
   */
  reason: z.string().optional(),
});
export type PaymentRefundedData = z.input<typeof zPaymentRefundedData>;

export function renderPaymentRefunded(
  input: z.output<typeof zPaymentRefundedData>,
  context: RenderContext,
): RenderedMail {
  const amount = formatMoney(input.amount, input.currencyCode);
  const kind = input.kind ?? (input.orderNumber ? 'order' : 'unfulfillable');
  const what = input.orderNumber ? `order #${input.orderNumber}` : 'your order';
  const greeting = input.customerName ? `Hi ${input.customerName},` : 'Hello,';

  const subject =
    kind === 'order'
      ? `${input.orderNumber ? `Order #${input.orderNumber}` : 'Your order'}: ${amount} refunded`
      : `${input.orderNumber ? `Order #${input.orderNumber}` : 'Your order'} was refunded: the items sold out`;
  const headline = kind === 'order' ? `${amount} refunded` : `We couldn't fulfill ${what}`;
  const explanation =
    kind === 'order'
      ? `We have refunded ${amount} for ${what} to your original payment method.`
      : `We're sorry: the stock ran out before we could confirm ${what}, so we can't fulfill it. We have refunded ${amount} to your original payment method.`;
  const timing = 'Depending on your bank it can take 5 to 10 business days to appear.';

  const text = [
    greeting,
    '',
    explanation,
    timing,
    ...(input.items.length > 0 ? ['', 'The items were:', ...input.items.map((i) => `- ${i}`)] : []),
    '',
    kind === 'order'
      ? `Questions? Reply to this mail. Shop again at ${context.storefrontUrl}`
      : `You can find what is in stock now at ${context.storefrontUrl}`,
    '',
  ].join('\n');

  const body = html`<h1 style="margin:16px 0 8px;font-size:22px;line-height:1.3">${headline}</h1>
    <p style="margin:0 0 12px">${greeting}</p>
    <p style="margin:0 0 12px">${explanation}</p>
    <p style="margin:0 0 12px;padding:12px 16px;background:#f5f6f7;border-radius:6px">
      Refunded to your original payment method: <strong>${amount}</strong>
    </p>
    <p style="margin:0 0 12px;color:#3d434b">${timing}</p>
    ${
      input.items.length > 0
        ? html`<p style="margin:0 0 4px;color:#6a717b">The items were:</p>
            <ul style="margin:0 0 12px;padding-left:20px">
              ${input.items.map((i) => html`<li>${i}</li>`)}
            </ul>`
        : ''
    }
    <p style="margin:0">
      <a href="${context.storefrontUrl}" style="color:#0f6b73"
        >${kind === 'order' ? 'Visit the shop' : 'See what is in stock now'}</a
      >
    </p>`;
  return {
    subject,
    text,
    html: layout(context, { title: subject, preheader: `${amount} refunded`, body }),
  };
}
