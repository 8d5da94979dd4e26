import { randomBytes } from 'node:crypto';
import { Meilisearch } from 'meilisearch';
import { createTestDatabase } from '@shop/services/testing';
import { searchEngineContract } from '../contract';
import { meilisearchEngine } from './engine';

const host = process.env.MEILISEARCH_HOST;
const apiKey = process.env.MEILISEARCH_API_KEY;

// The Meilisearch engine under the contract every engine meets, when a server is configured
// (none can be had on the development machine: there the suite reports itself skipped). Each
// run has an index of its own, deleted at the end, beside a database of its own.
searchEngineContract(
  'meilisearch',
  async () => {
    const tdb = await createTestDatabase('search_meili');
    const index = `contract_${process.pid}_${randomBytes(4).toString('hex')}`;
    const engine = meilisearchEngine({
      host: host ?? '',
      apiKey,
      index,
      timeoutMs: 5000,
      catalog: tdb.db,
    });
    return {
      engine,
      db: tdb.db,
      async close() {
        const client = new Meilisearch({ host: host ?? '', apiKey });
        await client.deleteIndexIfExists(index);
        await tdb.drop();
      },
    };
  },
  { skip: host ? undefined : 'no Meilisearch server: MEILISEARCH_HOST is not set' },
);
