import type { Database } from '@shop/db/client';
import type { SearchEngine } from '../engine';
import { queryDocuments, suggestDocuments } from './query';
import { deleteDocuments, rebuildDocuments, scanDocuments, upsertDocuments } from './writes';

/**
 * The default engine: its index is two tables of the shop's own database (`search_documents`,
 * `search_document_prices`), so it needs no other service. Reads go to `readDb` (the replica
 * when there is one); writes to `db` (the primary, or the dispatcher's transaction).
 *
 * `configure` has nothing to do: the fields, currencies and ranking are the tables' columns and
 * indexes, and synonyms are read from `search_synonyms` at query time.
 */
export function postgresEngine(db: Database, readDb: Database = db): SearchEngine {
  return {
    name: 'postgres',
    configure: async () => undefined,
    upsert: (documents) => upsertDocuments(db, documents),
    delete: (ids) => deleteDocuments(db, ids),
    query: (query) => queryDocuments(readDb, query),
    suggest: (prefix, limit) => suggestDocuments(readDb, prefix, limit),
    // The primary: a check must compare with what was written, not with a lagging replica.
    scan: (afterId, limit) => scanDocuments(db, afterId, limit),
    rebuild: (batches) => rebuildDocuments(db, batches),
  };
}
