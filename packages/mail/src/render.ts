import type { z } from 'zod';
import {
  renderOrderConfirmation,
  zOrderConfirmationData,
  type OrderConfirmationData,
} from './templates/order-confirmation';
import {
  renderPasswordReset,
  zPasswordResetData,
  type PasswordResetData,
} from './templates/password-reset';
import {
  renderPaymentRefunded,
  zPaymentRefundedData,
  type PaymentRefundedData,
} from './templates/payment-refunded';
import {
  renderOrderShipped,
  zOrderShippedData,
  type OrderShippedData,
} from './templates/order-shipped';
import {
  renderStaffInvite,
  zStaffInviteData,
  type StaffInviteData,
} from './templates/staff-invite';
import type { RenderContext, RenderedMail } from './templates/shared';

/** Every template's payload, by name: what goes in `enqueueJob(db, 'send-mail', {...}).data`. */
export interface MailTemplateData {
  'order-confirmation': OrderConfirmationData;
  'password-reset': PasswordResetData;
  'payment-refunded': PaymentRefundedData;
  'order-shipped': OrderShippedData;
  'staff-invite': StaffInviteData;
}
export type MailTemplateName = keyof MailTemplateData;

function template<S extends z.ZodType>(
  schema: S,
  render: (data: z.output<S>, context: RenderContext) => RenderedMail,
) {
  return { schema, render };
}

const templates = {
  'order-confirmation': template(zOrderConfirmationData, renderOrderConfirmation),
  'password-reset': template(zPasswordResetData, renderPasswordReset),
  'payment-refunded': template(zPaymentRefundedData, renderPaymentRefunded),
  'order-shipped': template(zOrderShippedData, renderOrderShipped),
  'staff-invite': template(zStaffInviteData, renderStaffInvite),
} satisfies Record<MailTemplateName, unknown>;

export const mailTemplateNames = Object.keys(templates) as MailTemplateName[];

export function isMailTemplateName(name: string): name is MailTemplateName {
  return Object.hasOwn(templates, name);
}

/** A template name nobody knows, or data that does not fit the template. Retrying cannot help. */
export class MailTemplateError extends Error {
  override name = 'MailTemplateError';
}

/**
 * Renders a mail from a template name and its data, as they come out of a `send-mail` job.
 * `data` is validated with the template's zod schema first; an unknown template or invalid
 * data throws a `MailTemplateError` whose message names the template and the problem.
 */
export function renderMail(
  name: string,
  data: unknown,
  context: Partial<RenderContext> = {},
): RenderedMail {
  if (!isMailTemplateName(name)) {
    throw new MailTemplateError(
      `Unknown mail template "${name}"; known templates: ${mailTemplateNames.join(', ')}.`,
    );
  }
  const full: RenderContext = {
    storefrontUrl: (context.storefrontUrl ?? 'http://localhost:3000').replace(/\/+$/, ''),
    shopName: context.shopName ?? 'Shop',
  };
  // One branch per template keeps each schema paired with its own renderer for the compiler.
  switch (name) {
    case 'order-confirmation':
      return run(name, templates[name], data, full);
    case 'password-reset':
      return run(name, templates[name], data, full);
    case 'payment-refunded':
      return run(name, templates[name], data, full);
    case 'order-shipped':
      return run(name, templates[name], data, full);
    case 'staff-invite':
      return run(name, templates[name], data, full);
  }
}

function run<S extends z.ZodType>(
  name: MailTemplateName,
  { schema, render }: { schema: S; render: (data: z.output<S>, c: RenderContext) => RenderedMail },
  data: unknown,
  context: RenderContext,
): RenderedMail {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
      .join('; ');
    throw new MailTemplateError(`Invalid data for mail template "${name}": ${issues}.`);
  }
  return render(parsed.data, context);
}
