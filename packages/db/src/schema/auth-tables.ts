import {
  index,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns';

/**
 * The session, account and verification tables better-auth needs beside a user table, in one
 * definition for both audiences (`staff_*`, `customer_*`): the same shapes, names by prefix, so
 * the admin's and the shop's sign-in can never share a row.
 */
export function authTables(prefix: 'staff' | 'customer', users: { id: AnyPgColumn }) {
  const sessions = pgTable(
    `${prefix}_sessions`,
    {
      id: text().primaryKey(),
      userId: text()
        .notNull()
        .references(() => users.id, { onDelete: 'cascade' }),
      token: text().notNull(),
      expiresAt: timestamp({ withTimezone: true }).notNull(),
      ipAddress: text(),
      userAgent: text(),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (t) => [
      uniqueIndex(`${prefix}_sessions_token_key`).on(t.token),
      index(`${prefix}_sessions_user_id_idx`).on(t.userId),
    ],
  );

  const accounts = pgTable(
    `${prefix}_accounts`,
    {
      id: text().primaryKey(),
      userId: text()
        .notNull()
        .references(() => users.id, { onDelete: 'cascade' }),
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
    (t) => [index(`${prefix}_accounts_user_id_idx`).on(t.userId)],
  );

  const verifications = pgTable(
    `${prefix}_verifications`,
    {
      id: text().primaryKey(),
      identifier: text().notNull(),
      value: text().notNull(),
      expiresAt: timestamp({ withTimezone: true }).notNull(),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (t) => [index(`${prefix}_verifications_identifier_idx`).on(t.identifier)],
  );

  return { sessions, accounts, verifications };
}
