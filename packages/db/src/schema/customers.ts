import { sql } from 'drizzle-orm';
import { boolean, char, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns';

/**
 * Shopper accounts, in the shape better-auth expects (text ids), kept apart from staff so that a
 * customer session can never reach the admin. Passwords live in `customer_accounts.password`,
 * hashed by better-auth.
 */
export const customers = pgTable(
  'customers',
  {
    id: text().primaryKey(),
    name: text().notNull().default(''),
    email: text().notNull(),
    emailVerified: boolean().notNull().default(false),
    image: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('customers_email_key').on(sql`lower(${t.email})`),
    index('customers_created_at_idx').on(t.createdAt),
  ],
);

export const customerSessions = pgTable(
  'customer_sessions',
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    token: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    ipAddress: text(),
    userAgent: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('customer_sessions_token_key').on(t.token),
    index('customer_sessions_user_id_idx').on(t.userId),
  ],
);

export const customerAccounts = pgTable(
  'customer_accounts',
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    accountId: text().notNull(),
    providerId: text().notNull(),
    accessToken: text(),
    refreshToken: text(),
    idToken: text(),
    accessTokenExpiresAt: timestamp({ withTimezone: true }),
    refreshTokenExpiresAt: timestamp({ withTimezone: true }),
    scope: text(),
    password: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('customer_accounts_user_id_idx').on(t.userId)],
);

export const customerVerifications = pgTable(
  'customer_verifications',
  {
    id: text().primaryKey(),
    identifier: text().notNull(),
    value: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('customer_verifications_identifier_idx').on(t.identifier)],
);

export const customerAddresses = pgTable(
  'customer_addresses',
  {
    id: id(),
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    firstName: text().notNull(),
    lastName: text().notNull(),
    line1: text().notNull(),
    line2: text().notNull().default(''),
    city: text().notNull(),
    postalCode: text().notNull(),
    province: text().notNull().default(''),
    countryCode: char({ length: 2 }).notNull(),
    phone: text().notNull().default(''),
    isDefault: boolean().notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('customer_addresses_customer_id_idx').on(t.customerId)],
);
