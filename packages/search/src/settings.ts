import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { queryRows } from '@shop/db/query';
import type { IndexSettings } from './engine';

/**
 * The index settings every engine is configured with, read from the shop's own tables: the
 * currencies its regions sell in and the merchant's synonym groups (`search_synonyms`).
 */
export async function readIndexSettings(db: Database): Promise<IndexSettings> {
  const [currencies, synonyms] = await Promise.all([
    queryRows<{ code: string }>(
      db,
      sql`select distinct currency_code as code from regions order by currency_code`,
    ),
    queryRows<{ terms: string[] }>(db, sql`select terms from search_synonyms order by id`),
  ]);
  return {
    currencies: currencies.map((c) => c.code.trim()),
    synonyms: synonyms.map((s) => s.terms),
  };
}
