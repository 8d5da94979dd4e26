import { z } from 'zod';
import { html } from '../html';
import { orderLink } from './order-confirmation';
import { layout, type RenderContext, type RenderedMail } from './shared';

/**
 * The payload of `{ template: 'order-shipped' }`, enqueued by the worker's mail handler from
 * `order.fulfilled`: the units this shipment carries, the carrier and the tracking number (with
 * the carrier's link when staff gave one), and whether more of the order is still to come.
 */
export const zOrderShippedData = z.object({
  number: z.number().int().positive(),
  /** The guest's order link token; null for a customer's order (they sign in). */
  accessToken: z.string().min(1).nullable(),
  lines: z
    .array(
      z.object({
        title: z.string(),
        variantTitle: z.string(),
        sku: z.string(),
        quantity: z.number().int().positive(),
      }),
    )
    .min(1, 'A shipment has at least one line'),
  carrier: z.string().min(1),
  trackingNumber: z.string().min(1),
  trackingUrl: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//i.test(u), 'The tracking link must be http(s)')
    .nullable(),
  /** True when some of the order has not shipped yet. */
  isPartial: z.boolean(),
});
export type OrderShippedData = z.input<typeof zOrderShippedData>;

export function renderOrderShipped(
  input: z.output<typeof zOrderShippedData>,
  context: RenderContext,
): RenderedMail {
  const link = orderLink(context.storefrontUrl, input.number, input.accessToken);
  const subject = input.isPartial
    ? `Part of order #${input.number} has shipped`
    : `Order #${input.number} has shipped`;
  const label = (l: (typeof input.lines)[number]) =>
    `${l.quantity} × ${l.title}${l.variantTitle ? ` — ${l.variantTitle}` : ''}`;
  const rest = input.isPartial ? 'The rest of your order will follow in another shipment.' : '';
  const tracking = `${input.carrier}, tracking number ${input.trackingNumber}`;

  const text = [
    'Hello,',
    '',
    `Good news: ${input.isPartial ? 'part of ' : ''}order #${input.number} is on its way with ${tracking}.`,
    ...(input.trackingUrl ? [`Track it: ${input.trackingUrl}`] : []),
    '',
    'In this shipment:',
    ...input.lines.map((l) => `- ${label(l)}`),
    ...(rest ? ['', rest] : []),
    '',
    `Your order: ${link}`,
    '',
  ].join('\n');

  const body = html`<h1 style="margin:16px 0 8px;font-size:22px;line-height:1.3">${subject}</h1>
    <p style="margin:0 0 12px">Hello,</p>
    <p style="margin:0 0 12px">
      ${input.isPartial ? 'Part of ' : ''}order #${input.number} is on its way.
    </p>
    <p style="margin:0 0 12px;padding:12px 16px;background:#f5f6f7;border-radius:6px">
      ${input.carrier}, tracking number <strong>${input.trackingNumber}</strong>
      ${
        input.trackingUrl
          ? html`<br /><a href="${input.trackingUrl}" style="color:#0f6b73">Track the shipment</a>`
          : ''
      }
    </p>
    <p style="margin:0 0 4px;color:#6a717b">In this shipment:</p>
    <ul style="margin:0 0 12px;padding-left:20px">
      ${input.lines.map((l) => html`<li>${label(l)}</li>`)}
    </ul>
    ${rest ? html`<p style="margin:0 0 12px;color:#3d434b">${rest}</p>` : ''}
    <p style="margin:0"><a href="${link}" style="color:#0f6b73">View your order</a></p>`;
  return {
    subject,
    text,
    html: layout(context, { title: subject, preheader: tracking, body }),
  };
}
