import type { Highlight } from '@shop/validators';

/**
 * The text side of the Postgres engine that needs no database: the shopper's words, title
 * highlights, "did you mean" and the merchant's order of option values.
 */

/** More words than this add nothing a title could match; the rest are dropped. */
const MAX_WORDS = 12;

/**
 * Words of the shopper's text: runs of letters and digits, lower case. Nothing else of the input
 * survives, so no word can carry tsquery, regex or LIKE syntax into a statement.
 */
export function searchWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_WORDS);
}

/**
 * Lower case with the punctuation inside words removed and spaces collapsed: the JavaScript twin
 * of the `squashed_title` column (`T-Shirt` becomes `tshirt`).
 */
export function squash(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The title in pieces, each word that starts with one of `words` (or, from three letters on, is
 * the start of one: "Jacket" for "jackets") marked. Punctuation between two marked words is
 * marked too, so "T-Shirt" is one piece for "t shirt". Plain text: the page escapes it.
 */
export function highlightTitle(title: string, words: readonly string[]): Highlight {
  const pieces = title.match(/[\p{L}\p{N}]+|[^\p{L}\p{N}]+/gu) ?? [];
  const isWord = (piece: string) => /^[\p{L}\p{N}]/u.test(piece);
  const matches = (piece: string) => {
    const lower = piece.toLowerCase();
    return words.some(
      (w) => w.length > 0 && (lower.startsWith(w) || (lower.length >= 3 && w.startsWith(lower))),
    );
  };
  const marked = pieces.map((text) => ({ text, match: isWord(text) && matches(text) }));
  for (let i = 1; i < marked.length - 1; i++) {
    const [before, piece, after] = [marked[i - 1], marked[i], marked[i + 1]];
    if (piece && before?.match && after?.match && !/\s/u.test(piece.text)) piece.match = true;
  }
  const merged: Highlight = [];
  for (const piece of marked) {
    const last = merged.at(-1);
    if (last && last.match === piece.match) last.text += piece.text;
    else merged.push({ ...piece });
  }
  return merged;
}

/** pg_trgm's trigrams of one word: two spaces before, one after, every three letters. */
function trigrams(word: string): Set<string> {
  const padded = `  ${word} `;
  const set = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) set.add(padded.slice(i, i + 3));
  return set;
}

/** pg_trgm's `similarity` of two words: shared trigrams over all trigrams. */
export function trigramSimilarity(a: string, b: string): number {
  const [x, y] = [trigrams(a), trigrams(b)];
  let shared = 0;
  for (const t of x) if (y.has(t)) shared++;
  const all = x.size + y.size - shared;
  return all === 0 ? 0 : shared / all;
}

/** Below this, a title word is not taken for what the shopper meant to type. */
const CORRECTION_SIMILARITY = 0.25;

/**
 * "Did you mean": each query word replaced by the most similar word of the best near-spelling
 * titles (compared without punctuation, shown with it: "t-shirt" for "tshrit"), or kept when no
 * title word is close. Null when nothing changed.
 */
export function correctWords(words: readonly string[], titles: readonly string[]): string | null {
  const candidates = [
    ...new Set(
      titles.flatMap((t) =>
        t
          .toLowerCase()
          .split(/\s+/u)
          .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
          .filter((w) => w !== ''),
      ),
    ),
  ];
  const corrected = words.map((word) => {
    let best = word;
    let bestScore = CORRECTION_SIMILARITY;
    for (const candidate of candidates) {
      const score = trigramSimilarity(word, squash(candidate));
      if (score > bestScore) [best, bestScore] = [candidate, score];
    }
    return best;
  });
  const text = corrected.join(' ');
  return text === words.join(' ') ? null : text;
}

/**
 * One order for values out of "a comes right before b" pairs seen in products (each product's
 * values in the merchant's order): a topological sort, alphabetical among ties, so sizes keep
 * XS, S, M, L, XL; alphabetical altogether when products disagree (a cycle).
 */
export function mergeOrder(values: Iterable<string>, pairs: Iterable<[string, string]>): string[] {
  const indegree = new Map<string, number>();
  for (const v of values) indegree.set(v, 0);
  const after = new Map<string, Set<string>>();
  for (const [a, b] of pairs) {
    if (a === b || !indegree.has(a) || !indegree.has(b)) continue;
    const next = after.get(a) ?? new Set<string>();
    if (next.has(b)) continue;
    next.add(b);
    after.set(a, next);
    indegree.set(b, (indegree.get(b) ?? 0) + 1);
  }
  const ready = [...indegree].filter(([, d]) => d === 0).map(([v]) => v);
  const ordered: string[] = [];
  // Ties go alphabetically, so the order does not depend on the order rows arrive in.
  for (ready.sort(compareText); ready.length > 0; ready.sort(compareText)) {
    const value = ready.shift();
    if (value === undefined) break;
    ordered.push(value);
    for (const b of after.get(value) ?? []) {
      const d = (indegree.get(b) ?? 0) - 1;
      indegree.set(b, d);
      if (d === 0) ready.push(b);
    }
  }
  return ordered.length === indegree.size ? ordered : [...indegree.keys()].sort(compareText);
}

export const compareText = (a: string, b: string) => a.localeCompare(b, 'en');
