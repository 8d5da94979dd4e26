import { STAFF_ROLES, type StaffRole } from '@shop/core';

export const staffRoles = STAFF_ROLES;

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (staffRoles as readonly string[]).includes(value);
}
