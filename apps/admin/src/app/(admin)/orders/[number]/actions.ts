'use server';

import { TRPCError } from '@trpc/server';
import type { AdminRefundInput, AdminRefundRequested } from '@shop/validators';
import { getAdminApi } from '~/server/api';

export type RefundResult =
  | { ok: true; refund: AdminRefundRequested }
  | { ok: false; message: string; reasonError: string | null };

/**
 * Asks for a refund through `admin.orders.refund`, as the signed-in staff member (no session:
 * redirect to /sign-in). The router validates the input and checks `orders:write`; the worker
 * then refunds through the payment provider.
 */
export async function requestOrderRefund(input: AdminRefundInput): Promise<RefundResult> {
  const api = await getAdminApi();
  try {
    return { ok: true, refund: await api.admin.orders.refund(input) };
  } catch (err) {
    if (!(err instanceof TRPCError)) throw err;
    const reasonError = issuesOf(err.cause).find((i) => i.path[0] === 'reason')?.message ?? null;
    return { ok: false, message: err.message, reasonError };
  }
}

type Issue = { path: ReadonlyArray<PropertyKey>; message: string };

/** The zod issues behind a BAD_REQUEST (the router's input parser failed). */
function issuesOf(cause: unknown): Issue[] {
  if (
    typeof cause !== 'object' ||
    cause === null ||
    !('issues' in cause) ||
    !Array.isArray(cause.issues)
  )
    return [];
  return cause.issues.filter(
    (i: unknown): i is Issue =>
      typeof i === 'object' && i !== null && 'message' in i && 'path' in i && Array.isArray(i.path),
  );
}

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
