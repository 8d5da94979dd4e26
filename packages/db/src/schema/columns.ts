import { bigint, integer, timestamp } from 'drizzle-orm/pg-core';

/** Surrogate key shared by the commerce tables: a bigint identity, read as a JS number. */
export const id = () => bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();
export const ref = () => bigint({ mode: 'number' });
/** Money is an integer number of minor units (cents); the currency lives beside it. */
export const money = () => integer();
export const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp({ withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
