import { Meilisearch, MeilisearchApiError, type EnqueuedTaskPromise, type Task } from 'meilisearch';
import type { Database } from '@shop/db/client';
import type { SearchDocument } from '../document';
import type { EngineSuggestion, IndexedEntry, IndexSettings, SearchEngine } from '../engine';
import { toMeiliDocument, type MeiliDocument } from './document';
import { runQuery } from './query';
import { HIGHLIGHT_POST, HIGHLIGHT_PRE, highlightSegments } from './results';
import { meiliSettings, settingsMatch } from './settings';

export interface MeilisearchEngineOptions {
  /** The server's address, e.g. `http://127.0.0.1:7700`. */
  host: string;
  apiKey?: string;
  /** The live index's uid (`MEILISEARCH_INDEX`, default `products`). */
  index: string;
  /** Each read's limit (query, suggest): a slow server fails it (and the fallback answers). */
  timeoutMs: number;
  /** Each write request's limit (default 30 s): a batch of documents takes longer than a read. */
  writeTimeoutMs?: number;
  /** How long a write waits for its task to be processed (default one minute). */
  taskTimeoutMs?: number;
  /**
   * The shop's database (its read handle), for the category facet's names and tree: documents
   * carry category handles only.
   */
  catalog: Database;
}

/** Documents per `addDocuments` call and ids per `deleteDocuments` call. */
const WRITE_BATCH = 1000;

/** A Meilisearch task that ended other than `succeeded`, with the task's own error. */
export class MeilisearchTaskError extends Error {
  override name = 'MeilisearchTaskError';
  constructor(
    readonly task: Task,
    readonly code: string | null,
  ) {
    const error = task.error ? `${task.error.code}: ${task.error.message}` : 'no error given';
    super(
      `Meilisearch task ${task.uid} (${task.type}${task.indexUid ? ` on ${task.indexUid}` : ''}) ${task.status}: ${error}`,
    );
  }
}

/**
 * The Meilisearch engine, over the official client: documents flattened by `toMeiliDocument`,
 * filters built only by `./filter` (every value quoted), facets counted disjunctively with one
 * `multiSearch` (`./query`: a request per filtered field, like the Postgres engine's SQL),
 * writes that wait on their tasks and throw the task's error, and a rebuild into a new index
 * that is swapped in.
 *
 * `approximate`: Meilisearch tolerates typos inside one query, so typo'd and exact matches come
 * back together, where the Postgres engine tries the exact words first and near spellings only
 * when nothing matched. Here a result is approximate when no hit of the page holds the exact
 * words (every one needed a typo, by Meilisearch's ranking details), and "did you mean" is read
 * from the top hit's title.
 */
export function meilisearchEngine(options: MeilisearchEngineOptions): SearchEngine {
  // Two clients: reads give up after `timeoutMs` (the storefront is waiting; the fallback
  // answers), writes and the check's scan may take the time a large batch needs.
  const reader = new Meilisearch({
    host: options.host,
    apiKey: options.apiKey,
    timeout: options.timeoutMs,
  });
  const client = new Meilisearch({
    host: options.host,
    apiKey: options.apiKey,
    timeout: options.writeTimeoutMs ?? 30_000,
    defaultWaitOptions: { timeout: options.taskTimeoutMs ?? 60_000, interval: 50 },
  });
  const live = options.index;

  /** Waits for the task and throws unless it succeeded (`allow`: error codes that are fine). */
  async function settle(enqueued: EnqueuedTaskPromise, allow: readonly string[] = []) {
    const task = await enqueued.waitTask();
    if (task.status === 'succeeded') return task;
    const code = task.error?.code ?? null;
    if (code !== null && allow.includes(code)) return task;
    throw new MeilisearchTaskError(task, code);
  }

  async function ensureIndex(uid: string) {
    await settle(client.createIndex(uid, { primaryKey: 'id' }), ['index_already_exists']);
  }

  async function configureIndex(uid: string, settings: IndexSettings) {
    const wanted = meiliSettings(settings);
    let current;
    try {
      current = await client.index(uid).getSettings();
    } catch (err) {
      if (!isApiError(err, 'index_not_found')) throw err;
      await ensureIndex(uid);
      current = await client.index(uid).getSettings();
    }
    if (settingsMatch(current, wanted)) return;
    await settle(client.index(uid).updateSettings(wanted));
  }

  async function addTo(uid: string, documents: readonly SearchDocument[]) {
    // Enqueued together (Meilisearch batches consecutive additions), then awaited in order.
    const tasks: EnqueuedTaskPromise[] = [];
    for (let i = 0; i < documents.length; i += WRITE_BATCH) {
      const batch = documents.slice(i, i + WRITE_BATCH).map(toMeiliDocument);
      tasks.push(client.index<MeiliDocument>(uid).addDocuments(batch, { primaryKey: 'id' }));
    }
    for (const task of tasks) await settle(task);
  }

  return {
    name: 'meilisearch',

    configure: (settings) => configureIndex(live, settings),

    upsert: (documents) => addTo(live, documents),

    async delete(productIds) {
      for (let i = 0; i < productIds.length; i += WRITE_BATCH) {
        const ids = productIds.slice(i, i + WRITE_BATCH).map(Number);
        // No index yet: nothing to delete.
        await settle(client.index(live).deleteDocuments(ids), ['index_not_found']);
      }
    },

    async query(query) {
      return runQuery(reader, live, options.catalog, query);
    },

    async suggest(prefix, limit) {
      const response = await reader.index<MeiliDocument>(live).search(prefix, {
        limit,
        attributesToSearchOn: ['title', 'titleSquashed'],
        attributesToRetrieve: ['id', 'handle', 'title'],
        attributesToHighlight: ['title'],
        highlightPreTag: HIGHLIGHT_PRE,
        highlightPostTag: HIGHLIGHT_POST,
        matchingStrategy: 'all',
      });
      return response.hits.map((hit): EngineSuggestion => ({
        id: hit.id,
        handle: hit.handle,
        title: hit.title,
        highlight: highlightSegments(hit._formatted?.title ?? hit.title),
      }));
    },

    async scan(afterId, limit): Promise<IndexedEntry[]> {
      try {
        const page = await client.index<MeiliDocument>(live).getDocuments({
          filter: `id > ${Math.trunc(afterId)}`,
          sort: ['id:asc'],
          limit,
          fields: ['id', 'checksum'],
        });
        return page.results.map((d) => ({ id: d.id, checksum: d.checksum }));
      } catch (err) {
        // Never built: it holds nothing (the check then reports every product missing).
        if (isApiError(err, 'index_not_found')) return [];
        throw err;
      }
    },

    async rebuild(batches, settings) {
      // Built beside the live index, which keeps answering; swapped in one atomic task.
      const next = `${live}_${Date.now()}`;
      await ensureIndex(next);
      try {
        await configureIndex(next, settings);
        for await (const batch of batches) await addTo(next, batch);
        await ensureIndex(live);
        await settle(client.swapIndexes([{ indexes: [live, next], rename: false }]));
      } catch (err) {
        await settle(client.deleteIndex(next), ['index_not_found']).catch(() => undefined);
        throw err;
      }
      // After the swap, `next` holds the old documents.
      await settle(client.deleteIndex(next), ['index_not_found']);
    },
  };
}

function isApiError(err: unknown, code: string): boolean {
  return err instanceof MeilisearchApiError && err.cause?.code === code;
}
