import type { StaffMember } from '@shop/core';
import { isStaffRole } from './roles';

/** The part of a better-auth session (`auth.api.getSession`) that names the staff member. */
export interface StaffSessionLike {
  user: { id: string; email: string; name: string; role?: unknown };
}

/**
 * Maps a better-auth session to the core's `StaffMember`; `null` for no session. A role the core
 * does not know (never expected: the column is an enum) is treated as no session, so an
 * unexpected value can never widen what a caller may do.
 */
export function toStaffMember(session: StaffSessionLike | null | undefined): StaffMember | null {
  if (!session) return null;
  const { id, email, name, role } = session.user;
  if (!isStaffRole(role)) return null;
  return { id, email, name, role };
}
