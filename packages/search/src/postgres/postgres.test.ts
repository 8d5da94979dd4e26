import { createTestDatabase } from '@shop/services/testing';
import { searchEngineContract } from '../contract';
import { postgresEngine } from './engine';

// The Postgres engine under the contract every engine meets, on a database of its own.
searchEngineContract('postgres', async () => {
  const tdb = await createTestDatabase('search_postgres');
  return { engine: postgresEngine(tdb.db), db: tdb.db, close: () => tdb.drop() };
});
