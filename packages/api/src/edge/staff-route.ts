import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { CommerceError, refusalFor, type Permission, type StaffMember } from '@shop/core';
import type { Logger } from '@shop/logger';
import { toTRPCError } from '../errors';
import { RequestRejectedError } from './body';
import { logUnexpected, REQUEST_ID_HEADER, somethingWentWrong } from './request-id';

/**
 * The pieces shared by the admin's plain (non-tRPC) file routes, CSV import/export and image
 * upload: one error shape `{ message, code, requestId }` with the tRPC code names, the caller
 * and permission check, and the mapping of what a handler threw to that shape, so a file route
 * answers exactly as the tRPC routes do.
 */

/** A JSON error answer carrying the request id in its body and header. */
export function fail(status: number, code: string, message: string, requestId: string): Response {
  return Response.json(
    { message, code, requestId },
    { status, headers: { [REQUEST_ID_HEADER]: requestId } },
  );
}

/** The caller and its permission, or the 401/403 answer. */
export async function authorizeStaff(
  getStaff: () => Promise<StaffMember | null>,
  permission: Permission,
  requestId: string,
): Promise<StaffMember | Response> {
  const staff = await getStaff();
  if (!staff) return fail(401, 'UNAUTHORIZED', 'Sign in to the admin to do this.', requestId);
  const refusal = refusalFor(staff, permission);
  return refusal ? fail(403, 'FORBIDDEN', refusal, requestId) : staff;
}

/**
 * What a file route threw as its answer: a refused body (413/400), a tRPC or commerce error with
 * its status and sentence; anything else is logged once under `what` and answered 500 with a
 * generic sentence quoting the request id.
 */
export function answerRouteError(
  err: unknown,
  logger: () => Logger,
  what: string,
  requestId: string,
): Response {
  if (err instanceof RequestRejectedError)
    return fail(
      err.status,
      err.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST',
      err.message,
      requestId,
    );
  if (err instanceof TRPCError)
    return fail(getHTTPStatusCodeFromError(err), err.code, err.message, requestId);
  if (err instanceof CommerceError) {
    const trpc = toTRPCError(err);
    return fail(getHTTPStatusCodeFromError(trpc), trpc.code, err.message, requestId);
  }
  logUnexpected(logger(), requestId, what, err);
  return fail(500, 'INTERNAL_SERVER_ERROR', somethingWentWrong(requestId), requestId);
}
