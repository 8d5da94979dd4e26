'use server';

import { TRPCError } from '@trpc/server';
import type {
  AdminCancelInput,
  AdminFulfilInput,
  AdminOrderNoteInput,
  AdminRefundInput,
} from '@shop/validators';
import { withAdminApi } from '~/lib/admin-action';
import { getAdminApi } from '~/server/api';

export type HoldResult = { ok: true } | { ok: false; message: string };

/**
 * Holds an order for review or releases it (`admin.orders.hold` / `.release`, `orders:write`),
 * as the signed-in staff member. Both are idempotent: a repeated click changes nothing.
 */
export async function changeOrderHold(input: {
  number: number;
  change: 'hold' | 'release';
}): Promise<HoldResult> {
  const api = await getAdminApi();
  try {
    if (input.change === 'hold') await api.admin.orders.hold({ number: input.number });
    else await api.admin.orders.release({ number: input.number });
    return { ok: true };
  } catch (err) {
    if (!(err instanceof TRPCError)) throw err;
    return { ok: false, message: err.message };
  }
}

/** What an order action's dialog shows: the sentence of its success or of its refusal. */
export type OrderActionResult = { ok: true; message: string } | { ok: false; message: string };

async function orderAction(
  where: string,
  call: (api: Awaited<ReturnType<typeof getAdminApi>>) => Promise<string>,
): Promise<OrderActionResult> {
  const result = await withAdminApi(where, call);
  return typeof result === 'string' ? { ok: true, message: result } : result;
}

/** `admin.orders.fulfil` (`orders:write`): the form's idempotency key ships once. */
export async function fulfilOrderAction(input: AdminFulfilInput): Promise<OrderActionResult> {
  return orderAction('orders.fulfil', async (api) => {
    const done = await api.admin.orders.fulfil(input);
    const units = done.lines.reduce((n, l) => n + l.quantity, 0);
    return `${units} ${units === 1 ? 'unit' : 'units'} marked as shipped.`;
  });
}

/** `admin.orders.cancel` (`orders:write`): idempotent; the refund is queued with it. */
export async function cancelOrderAction(input: AdminCancelInput): Promise<OrderActionResult> {
  return orderAction('orders.cancel', async (api) => {
    const done = await api.admin.orders.cancel(input);
    if (!done.cancelled) return `Order #${done.number} was already cancelled.`;
    return done.refund
      ? `Order #${done.number} cancelled; the refund is on its way to the customer.`
      : `Order #${done.number} cancelled.`;
  });
}

/** `admin.orders.refund` (`orders:refund`): everything left, an amount, or lines with restock. */
export async function refundOrderAction(input: AdminRefundInput): Promise<OrderActionResult> {
  return orderAction('orders.refund', async (api) => {
    await api.admin.orders.refund(input);
    return `Refund requested for order #${input.number}.`;
  });
}

/** `admin.orders.note` (`orders:write`): the form's key adds the note once. */
export async function addOrderNoteAction(input: AdminOrderNoteInput): Promise<OrderActionResult> {
  return orderAction('orders.note', async (api) => {
    await api.admin.orders.note(input);
    return 'Note added.';
  });
}
