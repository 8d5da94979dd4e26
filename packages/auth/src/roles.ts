import type { StaffRole } from '@shop/core';

export const staffRoles = ['owner', 'admin', 'staff'] as const satisfies readonly StaffRole[];

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (staffRoles as readonly string[]).includes(value);
}
