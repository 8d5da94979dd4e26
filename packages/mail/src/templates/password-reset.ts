import { z } from 'zod';
import { html } from '../html';
import { button, layout, type RenderContext, type RenderedMail } from './shared';

/** The payload of `{ template: 'password-reset' }`. */
export const zPasswordResetData = z.object({
  /** better-auth's one-time link; it expires after an hour. */
  url: z.url({ protocol: /^https?$/, message: 'The reset link must be an http(s) URL' }),
  name: z.string().trim().max(200).optional(),
});
export type PasswordResetData = z.input<typeof zPasswordResetData>;

export function renderPasswordReset(
  input: z.output<typeof zPasswordResetData>,
  context: RenderContext,
): RenderedMail {
  const subject = `Reset your ${context.shopName} password`;
  const text = [
    input.name ? `Hi ${input.name},` : 'Hello,',
    '',
    'Someone asked to reset the password of your account. To choose a new one, open this link:',
    '',
    input.url,
    '',
    'The link works once and expires in one hour.',
    "If you didn't ask for this, ignore this mail: your password stays as it is.",
    '',
  ].join('\n');
  const body = html` <h1 style="margin:16px 0 8px;font-size:22px;line-height:1.3">
      Reset your password
    </h1>
    <p style="margin:0">
      ${input.name ? html`Hi ${input.name}, someone` : 'Someone'} asked to reset the password of
      your account. Choose a new one with the button below.
    </p>
    ${button(input.url, 'Choose a new password')}
    <p style="margin:0 0 8px;color:#6a717b;font-size:13px">
      The link works once and expires in one hour. If the button does not work, paste this address
      into your browser:<br /><a href="${input.url}" style="color:#0f6b73;word-break:break-all"
        >${input.url}</a
      >
    </p>
    <p style="margin:0;color:#6a717b;font-size:13px">
      If you didn't ask for this, ignore this mail: your password stays as it is.
    </p>`;
  return {
    subject,
    text,
    html: layout(context, {
      title: subject,
      preheader: 'The link expires in one hour.',
      body,
    }),
  };
}
