import { z } from 'zod';
import { html } from '../html';
import { button, layout, type RenderContext, type RenderedMail } from './shared';

/** The payload of `{ template: 'staff-invite' }` (`inviteStaff` in the core enqueues it). */
export const zStaffInviteData = z.object({
  /** The admin's /accept-invite link with the one-time token. */
  url: z.url({ protocol: /^https?$/, message: 'The invitation link must be an http(s) URL' }),
  name: z.string().trim().max(200).optional(),
  role: z.enum(['owner', 'manager', 'support']),
  /** Who sent the invitation (their name), for the greeting. */
  invitedBy: z.string().trim().max(200).optional(),
  expiresAt: z.iso.datetime({ message: 'expiresAt must be an ISO date-time' }),
});
export type StaffInviteData = z.input<typeof zStaffInviteData>;

export function renderStaffInvite(
  input: z.output<typeof zStaffInviteData>,
  context: RenderContext,
): RenderedMail {
  const subject = `You are invited to the ${context.shopName} admin`;
  const from = input.invitedBy ? `${input.invitedBy} invited you` : 'You are invited';
  const expires = input.expiresAt.slice(0, 10);
  const text = [
    input.name ? `Hi ${input.name},` : 'Hello,',
    '',
    `${from} to the ${context.shopName} admin as ${input.role}. To choose your password and sign in, open this link:`,
    '',
    input.url,
    '',
    `The link works once and expires on ${expires}.`,
    "If you didn't expect this, ignore this mail: no account is created.",
    '',
  ].join('\n');
  const body = html` <h1 style="margin:16px 0 8px;font-size:22px;line-height:1.3">
      Join the ${context.shopName} admin
    </h1>
    <p style="margin:0">
      ${input.name ? html`Hi ${input.name}, ` : ''}${from} to the admin as
      <strong>${input.role}</strong>. Choose your password with the button below.
    </p>
    ${button(input.url, 'Accept the invitation')}
    <p style="margin:0 0 8px;color:#6a717b;font-size:13px">
      The link works once and expires on ${expires}. If the button does not work, paste this address
      into your browser:<br /><a href="${input.url}" style="color:#0f6b73;word-break:break-all"
        >${input.url}</a
      >
    </p>
    <p style="margin:0;color:#6a717b;font-size:13px">
      If you didn't expect this, ignore this mail: no account is created.
    </p>`;
  return {
    subject,
    text,
    html: layout(context, { title: subject, preheader: `${from} as ${input.role}.`, body }),
  };
}
