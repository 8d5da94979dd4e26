import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fixedClock } from '@shop/core';
import { seedDemo } from '@shop/db/seed';
import { captureLogger, LEVEL } from '@shop/logger/testing';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSearchDocuments } from './document';
import type { EngineQuery, EngineResult, EngineSuggestion, SearchEngine } from './engine';
import { fallbackEngine, OPEN_LOG_INTERVAL_MS } from './fallback';
import { meilisearchEngine } from './meilisearch';
import { postgresEngine } from './postgres/engine';
import { productSearch } from './product-search';

const query: EngineQuery = {
  text: 'jacket',
  currency: 'USD',
  filters: {},
  sort: 'relevance',
  offset: 0,
  limit: 10,
  facets: false,
  highlight: false,
};

function answer(title: string): EngineResult {
  return {
    hits: [{ document: { title } as EngineResult['hits'][number]['document'], highlight: null }],
    total: 1,
    approximate: false,
    didYouMean: null,
    facets: null,
  };
}

type Behaviour = 'ok' | 'throw' | 'hang';

/** An engine whose reads answer, throw or never settle, counting the calls it gets. */
function fakeEngine(name: string, initial: Behaviour = 'ok') {
  const engine = {
    behaviour: initial,
    calls: 0,
    writes: [] as string[],
    name,
    async configure() {
      engine.writes.push('configure');
    },
    async upsert() {
      engine.writes.push('upsert');
      if (engine.behaviour !== 'ok') throw new Error(`${name} upsert refused`);
    },
    async delete() {
      engine.writes.push('delete');
    },
    async scan() {
      engine.writes.push('scan');
      return [];
    },
    async rebuild() {
      engine.writes.push('rebuild');
    },
    query(): Promise<EngineResult> {
      return engine.read(() => answer(`${name} result`));
    },
    suggest(): Promise<EngineSuggestion[]> {
      return engine.read(() => [
        { id: 1, handle: 'x', title: `${name} title`, highlight: [{ text: 'x', match: false }] },
      ]);
    },
    read<T>(value: () => T): Promise<T> {
      engine.calls += 1;
      if (engine.behaviour === 'throw') return Promise.reject(new Error(`${name} is down`));
      if (engine.behaviour === 'hang') return new Promise<T>(() => undefined);
      return Promise.resolve(value());
    },
  } satisfies SearchEngine & Record<string, unknown>;
  return engine;
}

function setup(primaryBehaviour: Behaviour, options: { timeoutMs?: number } = {}) {
  const primary = fakeEngine('primary', primaryBehaviour);
  const secondary = fakeEngine('secondary');
  const clock = fixedClock(new Date('2026-06-01T12:00:00Z'));
  const { logger, lines } = captureLogger();
  const engine = fallbackEngine(primary, secondary, {
    logger,
    timeoutMs: options.timeoutMs ?? 1000,
    failureThreshold: 3,
    cooldownMs: 30_000,
    clock,
  });
  const warnings = () => lines.filter((l) => l.level === LEVEL.warn).map((l) => l.msg ?? '');
  return { primary, secondary, clock, engine, lines, warnings };
}

describe('fallbackEngine', () => {
  it("answers from the primary while it answers, naming it as the result's engine", async () => {
    const { engine, secondary, warnings } = setup('ok');
    const result = await engine.query(query);
    expect(result.hits[0]?.document.title).toBe('primary result');
    expect(result.engine).toBe('primary');
    expect(engine.name).toBe('primary');
    expect((await engine.suggest('ja', 5))[0]?.title).toBe('primary title');
    expect(secondary.calls).toBe(0);
    expect(warnings()).toEqual([]);
  });

  it('answers from the fallback when the primary throws, and logs it', async () => {
    const { engine, warnings, lines } = setup('throw');
    const result = await engine.query(query);
    expect(result.hits[0]?.document.title).toBe('secondary result');
    expect(result.engine).toBe('secondary');
    expect((await engine.suggest('ja', 5))[0]?.title).toBe('secondary title');
    expect(warnings()).toEqual([
      'search query answered by secondary: primary failed (primary is down)',
      'search suggest answered by secondary: primary failed (primary is down)',
    ]);
    expect(lines[0]).toMatchObject({
      search: 'primary',
      fallback: 'secondary',
      operation: 'query',
    });
    expect(engine.state).toBe('closed');
  });

  it('answers from the fallback when the primary does not answer in time', async () => {
    const { engine, warnings } = setup('hang', { timeoutMs: 30 });
    const result = await engine.query(query);
    expect(result.engine).toBe('secondary');
    expect(warnings()).toEqual([
      'search query answered by secondary: primary failed (primary query took longer than 30 ms)',
    ]);
  });

  it('opens after three failures in a row and stops calling the primary until the cooldown', async () => {
    const { engine, primary, secondary, clock, warnings } = setup('throw');
    for (let i = 0; i < 3; i++) await engine.query(query);
    expect(primary.calls).toBe(3);
    expect(engine.state).toBe('open');
    expect(warnings()).toContain(
      'search circuit open: primary failed 3 times in a row (last: primary is down)',
    );

    clock.advance(29_999);
    for (let i = 0; i < 5; i++) expect((await engine.query(query)).engine).toBe('secondary');
    expect(await engine.suggest('ja', 5)).toHaveLength(1);
    // Open: the dead primary is not waited on per request.
    expect(primary.calls).toBe(3);
    expect(secondary.calls).toBe(9);
    expect(warnings().at(-1)).toBe(
      'search suggest answered by secondary: the primary circuit is open',
    );
  });

  it('logs the reads an open circuit sends to the fallback once, then once a while, with a count', async () => {
    const { engine, clock, warnings, lines } = setup('throw');
    for (let i = 0; i < 3; i++) await engine.query(query);
    const before = warnings().length;
    for (let i = 0; i < 50; i++) await engine.query(query);
    const open = 'search query answered by secondary: the primary circuit is open';
    expect(warnings().slice(before)).toEqual([open]);
    clock.advance(OPEN_LOG_INTERVAL_MS);
    await engine.query(query);
    expect(warnings().slice(before)).toEqual([open, open]);
    expect(lines.at(-1)).toMatchObject({ operation: 'query', circuit: 'open', unlogged: 49 });
  });

  it('a success between failures starts the count again', async () => {
    const { engine, primary } = setup('throw');
    await engine.query(query);
    await engine.query(query);
    primary.behaviour = 'ok';
    await engine.query(query);
    primary.behaviour = 'throw';
    await engine.query(query);
    await engine.query(query);
    expect(engine.state).toBe('closed');
    await engine.query(query);
    expect(engine.state).toBe('open');
  });

  it('half-open after the cooldown: one probe, which closes the circuit when it succeeds', async () => {
    const { engine, primary, clock, warnings } = setup('throw');
    for (let i = 0; i < 3; i++) await engine.query(query);
    primary.behaviour = 'ok';
    clock.advance(30_000);
    const result = await engine.query(query);
    expect(result.engine).toBe('primary');
    expect(primary.calls).toBe(4);
    expect(engine.state).toBe('closed');
    expect(warnings().slice(-2)).toEqual([
      'search circuit half-open: primary is probed after 30000 ms open',
      'search circuit closed: primary answered the probe',
    ]);
    await engine.query(query);
    expect(primary.calls).toBe(5);
  });

  it('a failed probe opens the circuit again for another cooldown', async () => {
    const { engine, primary, clock, warnings } = setup('throw');
    for (let i = 0; i < 3; i++) await engine.query(query);
    clock.advance(30_000);
    expect((await engine.query(query)).engine).toBe('secondary');
    expect(primary.calls).toBe(4);
    expect(engine.state).toBe('open');
    expect(warnings().at(-1)).toBe(
      'search circuit open: primary failed the probe (primary is down)',
    );
    clock.advance(10_000);
    await engine.query(query);
    expect(primary.calls).toBe(4);
  });

  it('while the probe is under way, the other reads go to the fallback', async () => {
    const { engine, primary, clock } = setup('throw', { timeoutMs: 50 });
    for (let i = 0; i < 3; i++) await engine.query(query);
    clock.advance(30_000);
    primary.behaviour = 'hang';
    const probe = engine.query(query);
    expect(engine.state).toBe('half-open');
    expect((await engine.query(query)).engine).toBe('secondary');
    expect(primary.calls).toBe(4);
    expect((await probe).engine).toBe('secondary');
    expect(engine.state).toBe('open');
  });

  it('leaves writes to the primary alone: they fail loudly and never reach the fallback', async () => {
    const { engine, primary, secondary } = setup('throw');
    await expect(engine.upsert([])).rejects.toThrow('primary upsert refused');
    await engine.delete([1]);
    await engine.scan(0, 10);
    await engine.configure({ currencies: [], synonyms: [] });
    await engine.rebuild((async function* () {})(), { currencies: [], synonyms: [] });
    expect(primary.writes).toEqual(['upsert', 'delete', 'scan', 'configure', 'rebuild']);
    expect(secondary.writes).toEqual([]);
  });
});

/** A port nothing listens on: one the system gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the storefront port over Meilisearch with Postgres behind it', () => {
  let tdb: TestDatabase;
  let postgres: SearchEngine;
  let silent: Server;
  let silentPort: number;
  let title: string;

  beforeAll(async () => {
    tdb = await createTestDatabase('search_fallback');
    await seedDemo(tdb.db, { products: 4 });
    postgres = postgresEngine(tdb.db);
    const documents = await buildSearchDocuments(tdb.db, { afterId: 0, limit: 100 });
    await postgres.upsert(documents);
    title = documents[0]?.title ?? '';
    // Accepts connections and never answers: Meilisearch hung.
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as AddressInfo).port;
  });

  afterAll(async () => {
    silent?.closeAllConnections();
    await new Promise<void>((resolve) => (silent ? silent.close(() => resolve()) : resolve()));
    await tdb?.drop();
  });

  it.each([
    ['refuses connections', async () => `http://127.0.0.1:${await closedPort()}`, /ECONNREFUSED/],
    // The client's own timeout is longer than the breaker's: the breaker does not wait for it.
    ['never answers', async () => `http://127.0.0.1:${silentPort}`, /took longer than 300 ms/],
  ])('answers from Postgres when Meilisearch %s', async (_, host, reason) => {
    const { logger, lines } = captureLogger();
    const meili = meilisearchEngine({
      host: await host(),
      index: 'products',
      timeoutMs: 10_000,
      catalog: tdb.db,
    });
    const search = productSearch(
      fallbackEngine(meili, postgres, {
        logger,
        timeoutMs: 300,
        failureThreshold: 2,
        cooldownMs: 60_000,
      }),
      { readDb: tdb.db },
    );
    expect(title).not.toBe('');
    const response = await search.search({
      region: 'default',
      q: title,
      filters: {},
      sort: 'relevance',
      limit: 5,
      facets: true,
    });
    expect(response.engine).toBe('postgres');
    expect(response.items[0]?.title).toBe(title);
    expect(response.facets).not.toBeNull();
    const suggestions = await search.suggest(title.slice(0, 3), { limit: 5 });
    expect(suggestions.map((s) => s.title)).toContain(title);
    const warnings = lines.filter((l) => l.level === LEVEL.warn).map((l) => l.msg);
    expect(warnings[0]).toMatch(/^search query answered by postgres: meilisearch failed \(.+\)$/);
    expect(warnings[0]).toMatch(reason);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^search circuit open: meilisearch failed 2 times in a row/),
      ]),
    );
  });
});
