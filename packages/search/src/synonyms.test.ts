import { CommerceError } from '@shop/core';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IndexSettings, SearchEngine } from './engine';
import {
  applyIndexSettings,
  deleteSynonymGroup,
  listSynonymGroups,
  normalizeSynonymTerms,
  saveSynonymGroup,
} from './synonyms';

let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase('search_synonyms');
});
afterAll(async () => {
  await tdb.drop();
});
beforeEach(async () => {
  await tdb.db.execute(sql`delete from search_synonyms`);
});

/** The error a call throws, so tests can look at its code and sentence. */
async function failure(promise: Promise<unknown>): Promise<CommerceError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof CommerceError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

function thrownBy(fn: () => unknown): CommerceError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CommerceError) return err;
    throw err;
  }
  throw new Error('expected the call to throw');
}

describe('normalizeSynonymTerms', () => {
  it('trims, lower-cases and keeps each word once, in the order given', () => {
    expect(normalizeSynonymTerms(['  Sneakers ', 'TRAINERS', 'sneakers', 'Kicks'])).toEqual([
      'sneakers',
      'trainers',
      'kicks',
    ]);
  });

  it.each([
    [['sneakers'], /at least 2 different words/],
    [['Sneakers', ' sneakers '], /at least 2 different words/],
    [['sneakers', '   '], /cannot be empty/],
    [['sneakers', 'x'.repeat(51)], /longer than 50 characters/],
    [['tee shirt', 't-shirt'], /has a space in it/],
    [Array.from({ length: 21 }, (_, i) => `word${i}`), /at most 20 words; this one has 21/],
  ])('refuses %j with INVALID_INPUT and a sentence', (terms, message) => {
    const err = thrownBy(() => normalizeSynonymTerms(terms));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toMatch(message);
  });

  it('accepts the bounds themselves: 2 and 20 words, a 50-character word', () => {
    expect(normalizeSynonymTerms(['a', 'b'])).toHaveLength(2);
    expect(normalizeSynonymTerms(Array.from({ length: 20 }, (_, i) => `w${i}`))).toHaveLength(20);
    expect(normalizeSynonymTerms(['x'.repeat(50), 'y'])[0]).toHaveLength(50);
  });
});

describe('synonym groups', () => {
  it('saves, lists (oldest first), edits and deletes groups', async () => {
    const shoes = await saveSynonymGroup(tdb.db, { terms: ['Sneakers', 'trainers'] });
    const tees = await saveSynonymGroup(tdb.db, { terms: ['tshirt', 'tee'] });
    expect(shoes.terms).toEqual(['sneakers', 'trainers']);
    expect((await listSynonymGroups(tdb.db)).map((g) => g.terms)).toEqual([
      ['sneakers', 'trainers'],
      ['tshirt', 'tee'],
    ]);

    const edited = await saveSynonymGroup(tdb.db, {
      id: shoes.id,
      terms: ['sneakers', 'trainers', 'Kicks'],
    });
    expect(edited).toMatchObject({ id: shoes.id, terms: ['sneakers', 'trainers', 'kicks'] });

    await deleteSynonymGroup(tdb.db, tees.id);
    expect(await listSynonymGroups(tdb.db)).toEqual([
      { id: shoes.id, terms: ['sneakers', 'trainers', 'kicks'], createdAt: expect.any(Date) },
    ]);
  });

  it('refuses a word that another group has, naming the word and the group', async () => {
    await saveSynonymGroup(tdb.db, { terms: ['sneakers', 'trainers'] });
    const err = await failure(saveSynonymGroup(tdb.db, { terms: ['Trainers', 'runners'] }));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toBe(
      '“trainers” is already in the group “sneakers, trainers”; a word can be in one group only.',
    );
    expect(await listSynonymGroups(tdb.db)).toHaveLength(1);
  });

  it('lets a group keep its own words when edited, but not take another group’s', async () => {
    const shoes = await saveSynonymGroup(tdb.db, { terms: ['sneakers', 'trainers'] });
    await saveSynonymGroup(tdb.db, { terms: ['jumper', 'sweater'] });
    await expect(
      saveSynonymGroup(tdb.db, { id: shoes.id, terms: ['trainers', 'sneakers', 'runners'] }),
    ).resolves.toMatchObject({ terms: ['trainers', 'sneakers', 'runners'] });
    const err = await failure(
      saveSynonymGroup(tdb.db, { id: shoes.id, terms: ['sneakers', 'sweater'] }),
    );
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(/“sweater” is already in the group “jumper, sweater”/);
  });

  it('waits for a concurrent writer and then refuses the word it committed', async () => {
    // Another writer has put "hoodie" in a group but not committed yet. Without the table lock
    // the save below would not see that row, and both groups would end up holding the word.
    let save: Promise<unknown> = Promise.resolve();
    await tdb.db.transaction(async (tx) => {
      await tx.execute(
        sql`insert into search_synonyms (terms) values (${'{hoodie,hoody}'}::text[])`,
      );
      save = saveSynonymGroup(tdb.db, { terms: ['hoodie', 'sweatshirt'] }).catch((e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    expect(await save).toMatchObject({ code: 'CONFLICT' });
    expect((await listSynonymGroups(tdb.db)).map((g) => g.terms)).toEqual([['hoodie', 'hoody']]);
  });

  it('answers NOT_FOUND for editing or deleting a group that does not exist', async () => {
    expect((await failure(deleteSynonymGroup(tdb.db, 987_654))).code).toBe('NOT_FOUND');
    const err = await failure(saveSynonymGroup(tdb.db, { id: 987_654, terms: ['a', 'b'] }));
    expect(err.code).toBe('NOT_FOUND');
    expect(await listSynonymGroups(tdb.db)).toEqual([]);
  });

  it('validates before touching the table', async () => {
    expect((await failure(saveSynonymGroup(tdb.db, { terms: ['alone'] }))).code).toBe(
      'INVALID_INPUT',
    );
    expect(await listSynonymGroups(tdb.db)).toEqual([]);
  });
});

/** An engine that records the settings it was configured with (and can be made to fail). */
function recordingEngine(name: string, fails = false) {
  const configured: IndexSettings[] = [];
  const notUsed = () => Promise.reject(new Error(`${name}: not used by this test`));
  const engine: SearchEngine = {
    name,
    configure: (settings) => {
      configured.push(settings);
      return fails ? Promise.reject(new Error(`${name} is unreachable`)) : Promise.resolve();
    },
    upsert: notUsed,
    delete: notUsed,
    query: notUsed,
    suggest: notUsed,
    scan: notUsed,
    rebuild: notUsed,
  };
  return { engine, configured };
}

describe('applyIndexSettings', () => {
  it('configures every index with the synonyms as they are now', async () => {
    await saveSynonymGroup(tdb.db, { terms: ['sneakers', 'trainers'] });
    const first = recordingEngine('postgres');
    const second = recordingEngine('meilisearch');
    const result = await applyIndexSettings(tdb.db, [first.engine, second.engine]);
    expect(result).toEqual({ applied: ['postgres', 'meilisearch'], failed: [] });
    for (const { configured } of [first, second]) {
      expect(configured).toHaveLength(1);
      expect(configured[0]?.synonyms).toEqual([['sneakers', 'trainers']]);
    }
  });

  it('tries every index when one fails and reports which did not take the settings', async () => {
    const dead = recordingEngine('meilisearch', true);
    const after = recordingEngine('other');
    const result = await applyIndexSettings(tdb.db, [dead.engine, after.engine]);
    expect(result).toEqual({
      applied: ['other'],
      failed: [{ engine: 'meilisearch', message: 'meilisearch is unreachable' }],
    });
    expect(after.configured).toHaveLength(1);
  });

  it('reports every index as not told when the settings cannot be read (database down)', async () => {
    const down = {
      execute: () => Promise.reject(new Error('connect ECONNREFUSED')),
    } as unknown as typeof tdb.db;
    const index = recordingEngine('meilisearch');
    expect(await applyIndexSettings(down, [index.engine])).toEqual({
      applied: [],
      failed: [{ engine: 'meilisearch', message: 'connect ECONNREFUSED' }],
    });
    expect(index.configured).toEqual([]);
  });
});
