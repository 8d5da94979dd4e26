import { bigint, timestamp } from 'drizzle-orm/pg-core';

/** Surrogate key shared by the commerce tables: a bigint identity, read as a JS number. */
export const id = () => bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();
export const ref = () => bigint({ mode: 'number' });
/**
 * Money is an integer number of minor units (cents); the currency lives beside it. `bigint`, read
 * as a JS number: 32-bit columns overflow at 21.5M IDR (2 minor digits); a JS number is exact to
 * 2^53 minor units, far above any order.
 */
export const money = () => bigint({ mode: 'number' });
export const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp({ withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
