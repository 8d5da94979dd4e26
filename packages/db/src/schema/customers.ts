import { sql } from 'drizzle-orm';
import { boolean, char, index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { authTables } from './auth-tables';
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

const customerAuth = authTables('customer', customers);
export const customerSessions = customerAuth.sessions;
export const customerAccounts = customerAuth.accounts;
export const customerVerifications = customerAuth.verifications;

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
