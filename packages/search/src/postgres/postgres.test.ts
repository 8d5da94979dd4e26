import { seedDemo } from '@shop/db/seed';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchEngineContract } from '../contract';
import { buildSearchDocuments } from '../document';
import { postgresEngine } from './engine';
import { upsertDocuments } from './writes';

// The Postgres engine under the contract every engine meets, on a database of its own.
searchEngineContract('postgres', async () => {
  const tdb = await createTestDatabase('search_postgres');
  return { engine: postgresEngine(tdb.db), db: tdb.db, close: () => tdb.drop() };
});

describe('postgres rebuild beside a sync', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase('search_postgres_rebuild');
    await seedDemo(tdb.db, { products: 6 });
  });
  afterAll(async () => {
    await tdb?.drop();
  });

  it('keeps what a transaction begun before the rebuild wrote while it ran', async () => {
    const engine = postgresEngine(tdb.db);
    const documents = await buildSearchDocuments(tdb.db, { afterId: 0, limit: 100 });
    const [fresh] = documents;
    if (!fresh) throw new Error('no documents');
    // A sync's transaction (the dispatcher's), begun before the rebuild, writes a product's
    // document after the rebuild wrote it and before the rebuild ends.
    let letWrite = () => undefined as void;
    const mayWrite = new Promise<void>((resolve) => (letWrite = resolve));
    const sync = tdb.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      await mayWrite;
      await upsertDocuments(tx, [fresh]);
    });
    async function* batches() {
      yield documents;
      letWrite();
      await sync;
    }
    await engine.rebuild(batches(), { currencies: ['USD'], synonyms: [] });
    expect((await engine.scan(0, 100)).map((e) => e.id)).toEqual(documents.map((d) => d.id));
  });
});
