import { randomBytes } from 'node:crypto';
import { acceptStaffInvite, type Clock, type StaffMember, type StaffRole } from '@shop/core';
import type { Database } from '@shop/db/client';
import { staffAccounts, staffUsers } from '@shop/db/schema';
import { generateId } from 'better-auth';
import { hashPassword } from 'better-auth/crypto';
import { eq } from 'drizzle-orm';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords';
import { isStaffRole, staffRoles } from './roles';

export interface NewStaffUser {
  email: string;
  name: string;
  password: string;
  role: StaffRole;
}

// Deliberately loose (one @, a dot in the domain, no spaces): the address is only a login name.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class DuplicateStaffEmailError extends Error {
  override name = 'DuplicateStaffEmailError';
}

/**
 * Creates a staff user who can sign in with email and password: a `staff_users` row and a
 * `credential` row in `staff_accounts` holding the password hashed by better-auth's own
 * hasher (scrypt), exactly as its sign-up would. The email is stored lower-cased, as
 * better-auth looks it up. Throws an Error with a readable sentence for bad input and a
 * `DuplicateStaffEmailError` when the email is taken.
 */
export async function createStaffUser(db: Database, input: NewStaffUser): Promise<StaffMember> {
  const email = input.email.trim().toLowerCase();
  const name = input.name.trim();
  if (!EMAIL_PATTERN.test(email)) throw new Error(`"${input.email}" is not a valid email address.`);
  if (name.length === 0) throw new Error('Name is required.');
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`Password must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
  }
  if (input.password.length > MAX_PASSWORD_LENGTH) {
    throw new Error(`Password must be at most ${MAX_PASSWORD_LENGTH} characters long.`);
  }
  if (!isStaffRole(input.role)) throw new Error(`Role must be one of ${staffRoles.join(', ')}.`);

  const password = await hashPassword(input.password);
  const id = generateId();
  const duplicate = () =>
    new DuplicateStaffEmailError(`A staff user with the email ${email} already exists.`);
  try {
    await db.transaction(async (tx) => {
      const [existing] = await tx
        .select({ id: staffUsers.id })
        .from(staffUsers)
        .where(eq(staffUsers.email, email))
        .limit(1);
      if (existing) throw duplicate();
      await tx.insert(staffUsers).values({ id, email, name, role: input.role });
      // better-auth's credential account: accountId is the user id, providerId 'credential'.
      await tx.insert(staffAccounts).values({
        id: generateId(),
        userId: id,
        accountId: id,
        providerId: 'credential',
        password,
      });
    });
  } catch (err) {
    // Two creators racing past the check meet the unique index instead.
    if (isUniqueViolation(err)) throw duplicate();
    throw err;
  }
  return { id, email, name, role: input.role };
}

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if ((e as Error & { code?: unknown }).code === '23505') return true;
  }
  return false;
}

export const DEMO_OWNER_EMAIL = 'owner@shop.local';

export type DemoOwnerResult =
  { created: true; email: string; password: string } | { created: false };

/**
 * Makes a fresh install usable: when no staff user exists, creates `owner@shop.local` with a
 * random password and returns it (the caller prints it once; it is not stored anywhere in
 * clear). Does nothing once any staff user exists, so it is safe on every start.
 */
export async function ensureDemoOwner(db: Database): Promise<DemoOwnerResult> {
  const [existing] = await db.select({ id: staffUsers.id }).from(staffUsers).limit(1);
  if (existing) return { created: false };
  // 12 random bytes = 16 base64url characters, 96 bits of entropy.
  const password = randomBytes(12).toString('base64url');
  try {
    await createStaffUser(db, {
      email: DEMO_OWNER_EMAIL,
      name: 'Shop owner',
      password,
      role: 'owner',
    });
  } catch (err) {
    if (err instanceof DuplicateStaffEmailError) return { created: false };
    throw err;
  }
  return { created: true, email: DEMO_OWNER_EMAIL, password };
}

/**
 * Spends an invitation link (`/accept-invite`): the core checks and locks the invitation, and
 * the staff user is created with this package's password hashing in the same transaction.
 * Throws CommerceError with the sentence the invitee reads (unknown, used, revoked or expired
 * link; a password too short).
 */
export function acceptInvite(
  db: Database,
  input: Parameters<typeof acceptStaffInvite>[1],
  deps: { clock?: Clock } = {},
): Promise<StaffMember> {
  return acceptStaffInvite(db, input, (tx, user) => createStaffUser(tx, user), deps);
}
