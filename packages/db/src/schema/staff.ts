import { boolean, pgEnum, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { authTables } from './auth-tables';
import { createdAt, updatedAt } from './columns';

/**
 * Staff accounts and sessions, in the shape better-auth expects (its ids are text). Passwords
 * live in `staff_accounts.password`, hashed by better-auth; sessions are rows, not JWTs, so
 * signing out or removing a staff member takes effect at once.
 */
export const staffRole = pgEnum('staff_role', ['owner', 'manager', 'support']);

export const staffUsers = pgTable(
  'staff_users',
  {
    id: text().primaryKey(),
    name: text().notNull(),
    email: text().notNull(),
    emailVerified: boolean().notNull().default(false),
    image: text(),
    role: staffRole().notNull().default('support'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('staff_users_email_key').on(t.email)],
);

const staffAuth = authTables('staff', staffUsers);
export const staffSessions = staffAuth.sessions;
export const staffAccounts = staffAuth.accounts;
export const staffVerifications = staffAuth.verifications;
