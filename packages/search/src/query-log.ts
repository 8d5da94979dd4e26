import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { normalizeText } from './product-search';

/** Stored queries are cut to this; the validators refuse longer text anyway. */
const MAX_LOGGED = 200;

/**
 * Notes one shopper search (its words as the search read them, lower case, and how many results
 * it had) for the admin's report of frequent and empty queries. Called after the answer was
 * sent, never in its way: a failure is the caller's to log and drop.
 */
export async function recordSearchQuery(db: Database, text: string, results: number) {
  const query = normalizeText(text).toLowerCase().slice(0, MAX_LOGGED);
  if (query === '') return;
  await db.execute(sql`insert into search_queries (query, results) values (${query}, ${results})`);
}
