import { CommerceError } from '@shop/core';
import type { Database } from '@shop/db/client';
import { searchSynonyms } from '@shop/db/schema';
import { runTransaction } from '@shop/db/transaction';
import { and, arrayOverlaps, asc, eq, ne, sql } from 'drizzle-orm';
import type { IndexSettings, SearchEngine } from './engine';
import { readIndexSettings } from './settings';

/** The bounds of one group, shared with the admin's form so it can say them up front. */
export const SYNONYM_LIMITS = { minTerms: 2, maxTerms: 20, maxTermLength: 50 } as const;

/** One row of `search_synonyms`: words shoppers use for the same thing. */
export interface SynonymGroup {
  id: number;
  /** Lower case, trimmed, each once, in the merchant's order. */
  terms: string[];
  createdAt: Date;
}

/**
 * The terms as they are stored: trimmed, lower case, each once (first spelling kept in place).
 * Throws INVALID_INPUT with a sentence when what is left is not a group: fewer than two or more
 * than twenty different words, an empty or over-long word, or a word with a space in it (the
 * Postgres engine matches synonyms word by word, so "tee shirt" could never match as one).
 */
export function normalizeSynonymTerms(terms: readonly string[]): string[] {
  const { minTerms, maxTerms, maxTermLength } = SYNONYM_LIMITS;
  const seen = new Set<string>();
  for (const raw of terms) {
    const term = raw.trim().toLowerCase();
    if (term === '') throw new CommerceError('INVALID_INPUT', 'A synonym cannot be empty.');
    if (term.length > maxTermLength) {
      throw new CommerceError(
        'INVALID_INPUT',
        `“${term.slice(0, 20)}…” is longer than ${maxTermLength} characters; a synonym is one word.`,
      );
    }
    if (/\s/.test(term)) {
      throw new CommerceError(
        'INVALID_INPUT',
        `“${term}” has a space in it; a synonym is one word (put each word on its own).`,
      );
    }
    seen.add(term);
  }
  if (seen.size < minTerms) {
    throw new CommerceError(
      'INVALID_INPUT',
      `A synonym group needs at least ${minTerms} different words.`,
    );
  }
  if (seen.size > maxTerms) {
    throw new CommerceError(
      'INVALID_INPUT',
      `A synonym group can have at most ${maxTerms} words; this one has ${seen.size}.`,
    );
  }
  return [...seen];
}

/** Every group, oldest first (the order engines are configured in). */
export async function listSynonymGroups(db: Database): Promise<SynonymGroup[]> {
  return db
    .select({
      id: searchSynonyms.id,
      terms: searchSynonyms.terms,
      createdAt: searchSynonyms.createdAt,
    })
    .from(searchSynonyms)
    .orderBy(asc(searchSynonyms.id));
}

/**
 * Creates a group (no `id`) or replaces the terms of one. A word may be in one group only: a
 * query word expands to its group, and with two groups it would be unclear which (Meilisearch
 * would merge them silently). Refused with CONFLICT naming the other group. The table is locked
 * against other writers for the check and the write, so two merchants saving at once cannot
 * both put the same word in different groups.
 *
 * Engines are not told here: call `applyIndexSettings` after the change committed.
 */
export async function saveSynonymGroup(
  db: Database,
  input: { id?: number | null; terms: readonly string[] },
): Promise<SynonymGroup> {
  const terms = normalizeSynonymTerms(input.terms);
  return runTransaction(db, async (tx) => {
    // SHARE ROW EXCLUSIVE conflicts with itself and with writes, not with reads: searches that
    // read the synonyms meanwhile are not held up.
    await tx.execute(sql`lock table search_synonyms in share row exclusive mode`);
    const others = await tx
      .select({ id: searchSynonyms.id, terms: searchSynonyms.terms })
      .from(searchSynonyms)
      .where(
        and(
          arrayOverlaps(searchSynonyms.terms, terms),
          input.id ? ne(searchSynonyms.id, input.id) : undefined,
        ),
      )
      .orderBy(asc(searchSynonyms.id))
      .limit(1);
    const other = others[0];
    if (other) {
      const shared = terms.filter((t) => other.terms.includes(t));
      throw new CommerceError(
        'CONFLICT',
        `${quoteList(shared)} ${shared.length === 1 ? 'is' : 'are'} already in the group ` +
          `“${other.terms.join(', ')}”; a word can be in one group only.`,
      );
    }
    if (input.id) {
      const [updated] = await tx
        .update(searchSynonyms)
        .set({ terms })
        .where(eq(searchSynonyms.id, input.id))
        .returning({
          id: searchSynonyms.id,
          terms: searchSynonyms.terms,
          createdAt: searchSynonyms.createdAt,
        });
      if (!updated) throw notFound(input.id);
      return updated;
    }
    const [created] = await tx.insert(searchSynonyms).values({ terms }).returning({
      id: searchSynonyms.id,
      terms: searchSynonyms.terms,
      createdAt: searchSynonyms.createdAt,
    });
    if (!created) throw new Error('insert into search_synonyms returned no row');
    return created;
  });
}

/** Removes a group; NOT_FOUND when there is none with this id (deleted meanwhile, or a typo). */
export async function deleteSynonymGroup(db: Database, id: number): Promise<void> {
  const deleted = await db
    .delete(searchSynonyms)
    .where(eq(searchSynonyms.id, id))
    .returning({ id: searchSynonyms.id });
  if (deleted.length === 0) throw notFound(id);
}

export interface ApplyResult {
  /** Engines that took the settings. */
  applied: string[];
  /** Engines that did not (unreachable, refused); they get them at the next reindex. */
  failed: Array<{ engine: string; message: string }>;
}

/**
 * Configures every index with the settings as they now are (`readIndexSettings`), after the
 * synonyms changed. For Postgres this does nothing (it reads `search_synonyms` per query);
 * Meilisearch needs it. Each engine is tried even when one before it failed, and failures
 * (an engine's, or the database's while reading the settings) are returned rather than thrown: the change itself is saved, and a reindex (which configures
 * first) brings a lagging engine in line.
 */
export async function applyIndexSettings(
  db: Database,
  engines: readonly SearchEngine[],
): Promise<ApplyResult> {
  const result: ApplyResult = { applied: [], failed: [] };
  let settings: IndexSettings;
  try {
    settings = await readIndexSettings(db);
  } catch (err) {
    // The database went away after the change committed: no engine can be told, but the change
    // stands, so this is reported like an engine's failure rather than thrown.
    result.failed = engines.map((engine) => ({ engine: engine.name, message: messageOf(err) }));
    return result;
  }
  for (const engine of engines) {
    try {
      await engine.configure(settings);
      result.applied.push(engine.name);
    } catch (err) {
      result.failed.push({ engine: engine.name, message: messageOf(err) });
    }
  }
  return result;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function notFound(id: number) {
  return new CommerceError('NOT_FOUND', `Synonym group ${id} does not exist (deleted meanwhile?).`);
}

function quoteList(terms: readonly string[]): string {
  return terms.map((t) => `“${t}”`).join(', ');
}
