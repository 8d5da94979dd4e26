import { z } from 'zod';
import { zId } from './common';

/** The staff roles, most powerful first (the core's `STAFF_ROLES`; docs/permissions.md). */
export const zStaffRole = z.enum(['owner', 'manager', 'support'], {
  message: 'Role must be owner, manager or support',
});

/** Staff user ids are better-auth's text ids. */
export const zStaffId = z
  .string({ message: 'Staff id must be text' })
  .trim()
  .min(1, 'Staff id is required')
  .max(100, 'Staff id is too long');

const zStaffEmail = z
  .string({ message: 'Email must be text' })
  .trim()
  .toLowerCase()
  .max(254, 'Email must be at most 254 characters')
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Enter an email address such as ada@example.com');

const zStaffName = z
  .string({ message: 'Name must be text' })
  .trim()
  .max(200, 'Name must be at most 200 characters')
  .refine((name) => !name.includes('\u0000'), 'Name cannot contain a NUL character');

export const zStaffInviteInput = z.object({
  email: zStaffEmail,
  name: zStaffName.default(''),
  role: zStaffRole,
});
export type StaffInviteInput = z.input<typeof zStaffInviteInput>;

export const zStaffRoleChangeInput = z.object({ id: zStaffId, role: zStaffRole });
export const zStaffRemoveInput = z.object({ id: zStaffId });
export const zStaffInviteRevokeInput = z.object({ id: zId });

export const zStaffMemberRow = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: zStaffRole,
  createdAt: z.date(),
});
export const zStaffInviteRow = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  role: zStaffRole,
  invitedBy: z.string().nullable(),
  expiresAt: z.date(),
  createdAt: z.date(),
});
export type StaffMemberRow = z.infer<typeof zStaffMemberRow>;
export type StaffInviteRow = z.infer<typeof zStaffInviteRow>;
export const zStaffList = z.object({
  members: z.array(zStaffMemberRow),
  /** Invitations neither accepted, revoked nor expired. */
  invites: z.array(zStaffInviteRow),
});

/** The invitee's form on /accept-invite: the password rules are the staff sign-in's. */
export const zAcceptInviteInput = z.object({
  token: z
    .string()
    .trim()
    .min(1, 'The invitation link has no token')
    .max(200, 'The invitation link is not valid'),
  name: zStaffName.pipe(z.string().min(1, 'Enter your name')),
  password: z
    .string({ message: 'Password must be text' })
    .min(12, 'Password must be at least 12 characters long')
    .max(128, 'Password must be at most 128 characters long'),
});
export type AcceptInviteInput = z.input<typeof zAcceptInviteInput>;
