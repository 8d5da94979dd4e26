'use server';

import { acceptInvite } from '@shop/auth';
import { isCommerceError } from '@shop/core';
import type { AcceptInviteInput } from '@shop/validators';
import { getLogger, getShop } from '~/server/shop';

export type AcceptInviteResult = { ok: true; email: string } | { ok: false; message: string };

/**
 * Spends the invitation (`acceptInvite`: once, under the invitation's row lock) and answers the
 * new member's email, so the form can sign them in with the password they just chose.
 */
export async function acceptInviteAction(input: AcceptInviteInput): Promise<AcceptInviteResult> {
  try {
    const member = await acceptInvite(getShop().db, input, { clock: getShop().clock });
    return { ok: true, email: member.email };
  } catch (err) {
    if (isCommerceError(err)) return { ok: false, message: err.message };
    getLogger().error({ err }, 'accept invite failed');
    return { ok: false, message: 'Something went wrong. Try again in a moment.' };
  }
}
