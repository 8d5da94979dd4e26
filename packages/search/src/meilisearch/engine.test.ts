import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '@shop/db/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SearchDocument } from '../document';
import type { SearchEngine } from '../engine';
import { MeilisearchTaskError, meilisearchEngine } from './engine';
import { meiliSettings } from './settings';

/**
 * A stand-in for a Meilisearch server, enough of its HTTP API for the engine's writes: indexes,
 * settings, documents, swaps and tasks (a task is processed when it is enqueued, succeeding
 * unless `failNext` names its type). It records every request, so the tests check what the
 * engine asked for and in which order; the real server is the contract suite's
 * (`meilisearch.test.ts`, when `MEILISEARCH_HOST` is set).
 */
class FakeMeilisearch {
  requests: Array<{ method: string; path: string; body: unknown }> = [];
  indexes = new Map<string, { settings: Record<string, unknown>; docs: Map<number, unknown> }>();
  tasks: Array<Record<string, unknown>> = [];
  failNext: { type: string; code: string; message: string } | null = null;
  multiSearchResults: unknown[] = [];

  enqueue(
    type: string,
    indexUid: string | null,
    apply: () => { code: string; message: string } | null,
  ) {
    const uid = this.tasks.length;
    let error = null;
    if (this.failNext?.type === type) {
      error = { ...this.failNext, type: 'invalid_request', link: '' };
      this.failNext = null;
    } else {
      const failed = apply();
      if (failed) error = { ...failed, type: 'invalid_request', link: '' };
    }
    this.tasks.push({
      uid,
      batchUid: null,
      indexUid,
      type,
      status: error ? 'failed' : 'succeeded',
      error,
      canceledBy: null,
      duration: null,
      enqueuedAt: '',
      startedAt: null,
      finishedAt: null,
    });
    return { taskUid: uid, indexUid, status: 'enqueued', type, enqueuedAt: '' };
  }

  handle(method: string, path: string, body: unknown): [number, unknown] {
    this.requests.push({ method, path, body });
    const notFound = (uid: string): [number, unknown] => [
      404,
      {
        message: `Index \`${uid}\` not found.`,
        code: 'index_not_found',
        type: 'invalid_request',
        link: '',
      },
    ];
    let m: RegExpMatchArray | null;
    if ((m = path.match(/^\/tasks\/(\d+)$/))) return [200, this.tasks[Number(m[1])]];
    if (method === 'POST' && path === '/indexes') {
      const { uid } = body as { uid: string };
      return [
        202,
        this.enqueue('indexCreation', uid, () => {
          if (this.indexes.has(uid))
            return { code: 'index_already_exists', message: `Index \`${uid}\` already exists.` };
          this.indexes.set(uid, { settings: {}, docs: new Map() });
          return null;
        }),
      ];
    }
    if (method === 'POST' && path === '/swap-indexes') {
      const [a, b] = (body as Array<{ indexes: [string, string] }>)[0]?.indexes ?? ['', ''];
      return [
        202,
        this.enqueue('indexSwap', null, () => {
          const ia = this.indexes.get(a);
          const ib = this.indexes.get(b);
          if (!ia || !ib) return { code: 'index_not_found', message: 'missing' };
          this.indexes.set(a, ib);
          this.indexes.set(b, ia);
          return null;
        }),
      ];
    }
    if (method === 'POST' && path === '/multi-search')
      return [200, { results: this.multiSearchResults }];
    if ((m = path.match(/^\/indexes\/([^/]+)(.*)$/))) {
      const uid = decodeURIComponent(m[1] as string);
      const rest = m[2];
      const index = this.indexes.get(uid);
      if (method === 'DELETE' && rest === '') {
        return [
          202,
          this.enqueue('indexDeletion', uid, () =>
            this.indexes.delete(uid) ? null : { code: 'index_not_found', message: 'missing' },
          ),
        ];
      }
      if (method === 'GET' && rest === '/settings')
        return index ? [200, index.settings] : notFound(uid);
      if (method === 'PATCH' && rest === '/settings') {
        return [
          202,
          this.enqueue('settingsUpdate', uid, () => {
            if (!index) return { code: 'index_not_found', message: 'missing' };
            Object.assign(index.settings, body);
            return null;
          }),
        ];
      }
      if (method === 'POST' && rest === '/documents') {
        return [
          202,
          this.enqueue('documentAdditionOrUpdate', uid, () => {
            const target = this.indexes.get(uid) ?? { settings: {}, docs: new Map() };
            this.indexes.set(uid, target);
            for (const d of body as Array<{ id: number }>) target.docs.set(d.id, d);
            return null;
          }),
        ];
      }
      if (method === 'POST' && rest === '/documents/delete-batch') {
        return [
          202,
          this.enqueue('documentDeletion', uid, () => {
            if (!index) return { code: 'index_not_found', message: 'missing' };
            for (const id of body as number[]) index.docs.delete(id);
            return null;
          }),
        ];
      }
      if (method === 'POST' && rest === '/documents/fetch') {
        if (!index) return notFound(uid);
        const { limit } = body as { limit: number };
        const results = [...index.docs.values()]
          .map((d) => d as { id: number; checksum: string })
          .sort((x, y) => x.id - y.id)
          .slice(0, limit)
          .map((d) => ({ id: d.id, checksum: d.checksum }));
        return [200, { results, offset: 0, limit, total: results.length }];
      }
    }
    return [
      501,
      { message: `fake has no ${method} ${path}`, code: 'unsupported', type: 'internal', link: '' },
    ];
  }
}

const doc = (id: number, title: string): SearchDocument => ({
  id,
  handle: `p-${id}`,
  title,
  description: '',
  vendor: 'Acme',
  productType: '',
  tags: [],
  categoryHandles: [],
  categoryPath: [],
  collectionHandles: [],
  options: [{ name: 'Size', values: ['M'] }],
  inStockOptions: [],
  prices: { USD: { min: 1000, max: 1000, compareAt: null } },
  inStock: false,
  image: null,
  createdAt: '2026-01-01T00:00:00.000000Z',
  popularity: 0,
});

async function readBody(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text === '' ? undefined : JSON.parse(text);
}

describe('meilisearchEngine against a stand-in server', () => {
  let server: Server;
  let fake: FakeMeilisearch;
  let engine: SearchEngine;
  const settings = { currencies: ['USD'], synonyms: [['tee', 't-shirt']] };
  const paths = () =>
    fake.requests.filter((r) => !r.path.startsWith('/tasks/')).map((r) => `${r.method} ${r.path}`);

  beforeAll(async () => {
    server = createServer((req, res) => {
      void readBody(req).then((body) => {
        const url = new URL(req.url ?? '/', 'http://x');
        const [status, payload] = fake.handle(req.method ?? 'GET', url.pathname, body);
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    fake = new FakeMeilisearch();
    const { port } = server.address() as AddressInfo;
    engine = meilisearchEngine({
      host: `http://127.0.0.1:${port}`,
      index: 'products',
      timeoutMs: 2000,
      catalog: {} as Database,
    });
  });

  it('configure creates the index, sends the settings, and sends nothing when they are unchanged', async () => {
    await engine.configure(settings);
    expect(paths()).toEqual([
      'GET /indexes/products/settings',
      'POST /indexes',
      'GET /indexes/products/settings',
      'PATCH /indexes/products/settings',
    ]);
    expect(fake.indexes.get('products')?.settings).toEqual(meiliSettings(settings));
    fake.requests = [];
    await engine.configure(settings);
    expect(paths()).toEqual(['GET /indexes/products/settings']);
    await engine.configure({ ...settings, currencies: ['EUR', 'USD'] });
    expect(paths().at(-1)).toBe('PATCH /indexes/products/settings');
  });

  it("upsert waits for its tasks and throws the failed task's code and message", async () => {
    await engine.upsert([doc(1, 'One'), doc(2, 'Two')]);
    expect(fake.indexes.get('products')?.docs.size).toBe(2);
    fake.failNext = {
      type: 'documentAdditionOrUpdate',
      code: 'invalid_document_id',
      message: 'Document identifier `x` is invalid.',
    };
    const failure = engine.upsert([doc(3, 'Three')]);
    await expect(failure).rejects.toBeInstanceOf(MeilisearchTaskError);
    await expect(failure).rejects.toThrow(
      /task \d+ \(documentAdditionOrUpdate on products\) failed: invalid_document_id: Document identifier `x` is invalid\./,
    );
  });

  it('writes in batches of 1000 and deletes by id (an index never made has nothing to delete)', async () => {
    await engine.delete([1, 2]);
    const many = Array.from({ length: 2500 }, (_, i) => doc(i + 1, `P ${i}`));
    await engine.upsert(many);
    const additions = fake.requests.filter((r) => r.path === '/indexes/products/documents');
    // Sent together (their order on the wire is the network's), awaited one by one.
    expect(additions.map((r) => (r.body as unknown[]).length).sort()).toEqual([1000, 1000, 500]);
    await engine.delete([1, 2]);
    expect(fake.indexes.get('products')?.docs.size).toBe(2498);
  });

  it('scan returns ids and checksums in id order; an index never built holds nothing', async () => {
    expect(await engine.scan(0, 10)).toEqual([]);
    await engine.upsert([doc(5, 'Five'), doc(3, 'Three')]);
    const entries = await engine.scan(0, 10);
    expect(entries.map((e) => e.id)).toEqual([3, 5]);
    expect(entries.every((e) => /^[0-9a-f]{32}$/.test(e.checksum))).toBe(true);
    const fetch = fake.requests.find((r) => r.path === '/indexes/products/documents/fetch');
    expect(fetch?.body).toMatchObject({
      filter: 'id > 0',
      sort: ['id:asc'],
      fields: ['id', 'checksum'],
    });
  });

  it('rebuild fills a new index beside the live one, swaps it in and deletes the old one', async () => {
    await engine.upsert([doc(1, 'Old')]);
    fake.requests = [];
    async function* batches() {
      yield [doc(2, 'New A')];
      yield [doc(3, 'New B')];
    }
    await engine.rebuild(batches(), settings);
    const next = (fake.requests[0]?.body as { uid: string }).uid;
    expect(next).toMatch(/^products_\d+$/);
    expect(paths()).toEqual([
      'POST /indexes',
      `GET /indexes/${next}/settings`,
      `PATCH /indexes/${next}/settings`,
      `POST /indexes/${next}/documents`,
      `POST /indexes/${next}/documents`,
      'POST /indexes',
      'POST /swap-indexes',
      `DELETE /indexes/${next}`,
    ]);
    expect([...(fake.indexes.get('products')?.docs.keys() ?? [])]).toEqual([2, 3]);
    expect(fake.indexes.has(next)).toBe(false);
  });

  it('a rebuild that fails leaves the live index as it was and removes the new one', async () => {
    await engine.upsert([doc(1, 'Old')]);
    fake.failNext = {
      type: 'documentAdditionOrUpdate',
      code: 'payload_too_large',
      message: 'too big',
    };
    async function* batches() {
      yield [doc(2, 'New')];
    }
    await expect(engine.rebuild(batches(), settings)).rejects.toThrow(/payload_too_large: too big/);
    expect([...(fake.indexes.get('products')?.docs.keys() ?? [])]).toEqual([1]);
    expect([...fake.indexes.keys()]).toEqual(['products']);
  });

  it('asks one multi-search for a page without facets, with values quoted and the sort in the currency', async () => {
    const hit = {
      id: 1,
      title: 'Red Tee',
      document: doc(1, 'Red Tee'),
      _formatted: { title: '\uE000Red\uE001 Tee' },
      _rankingScoreDetails: { typo: { typoCount: 0, maxTypoCount: 1, order: 1, score: 1 } },
    };
    fake.multiSearchResults = [
      {
        indexUid: 'products',
        hits: [hit],
        totalHits: 1,
        page: 1,
        hitsPerPage: 10,
        totalPages: 1,
        query: 'red',
        processingTimeMs: 0,
      },
      {
        indexUid: 'products',
        hits: [],
        totalHits: 4,
        page: 1,
        hitsPerPage: 0,
        totalPages: 0,
        query: 'red',
        processingTimeMs: 0,
        facetDistribution: { vendor: { Acme: 1, '"x" OR id > 0': 3 } },
      },
    ];
    const result = await engine.query({
      text: 'red',
      currency: 'USD',
      filters: { vendors: ['"x" OR id > 0'] },
      sort: 'price_asc',
      offset: 0,
      limit: 10,
      facets: false,
      highlight: true,
    });
    expect(result.total).toBe(1);
    expect(result.approximate).toBe(false);
    expect(result.hits[0]?.highlight).toEqual([
      { text: 'Red', match: true },
      { text: ' Tee', match: false },
    ]);
    const body = fake.requests.find((r) => r.path === '/multi-search')?.body as {
      queries: Array<Record<string, unknown>>;
    };
    expect(body.queries).toHaveLength(1);
    expect(body.queries[0]).toMatchObject({
      indexUid: 'products',
      q: 'red',
      filter: ['(vendor = "\\"x\\" OR id > 0")'],
      sort: ['price_USD_min:asc', 'id:asc'],
      page: 1,
      hitsPerPage: 10,
      matchingStrategy: 'all',
    });
  });
});
