import type { Highlight } from '@shop/validators';
import { squashTitle } from './document';

/**
 * What Meilisearch wraps matched words in (`highlightPreTag`, `highlightPostTag`): two
 * characters of Unicode's private use area, which no title holds, so that the formatted title
 * can be cut into `{ text, match }` segments without any HTML ever being made or parsed.
 */
export const HIGHLIGHT_PRE = '\uE000';
export const HIGHLIGHT_POST = '\uE001';

/** A formatted title as segments: marked pieces `match: true`, neighbours of a kind merged. */
export function highlightSegments(formatted: string): Highlight {
  const segments: Highlight = [];
  const push = (text: string, match: boolean) => {
    if (text === '') return;
    const last = segments[segments.length - 1];
    if (last && last.match === match) last.text += text;
    else segments.push({ text, match });
  };
  let rest = formatted;
  for (;;) {
    const start = rest.indexOf(HIGHLIGHT_PRE);
    if (start < 0) break;
    const end = rest.indexOf(HIGHLIGHT_POST, start + 1);
    if (end < 0) break;
    push(rest.slice(0, start), false);
    push(rest.slice(start + 1, end), true);
    rest = rest.slice(end + 1);
  }
  push(rest.replaceAll(HIGHLIGHT_PRE, '').replaceAll(HIGHLIGHT_POST, ''), false);
  return segments;
}

/**
 * "Did you mean": each query word replaced by the top hit's title word nearest to it (compared
 * squashed, so "tshrit" meets "T-Shirt" as "tshirt"), in lower case; null when that changes
 * nothing. Meilisearch does not say which word a typo matched, so the title is where the
 * correction is read from.
 */
export function didYouMean(text: string, title: string): string | null {
  const titleWords = title
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '').toLowerCase())
    .filter((w) => w !== '');
  if (titleWords.length === 0) return null;
  const words = text
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
  const corrected = words.map((word) => {
    const squashed = squashTitle(word);
    let best = word;
    let bestDistance = Infinity;
    for (const candidate of titleWords) {
      const distance = editDistance(squashed, squashTitle(candidate));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    // A word far from every title word (more than a third of it wrong) is left as typed: it
    // matched another field, or nothing.
    return bestDistance <= Math.max(1, Math.floor(squashed.length / 3)) ? best : word;
  });
  const suggestion = corrected.join(' ');
  return suggestion === words.join(' ') ? null : suggestion;
}

/** Optimal string alignment distance: insertions, deletions, substitutions, transpositions. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? Infinity;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, at(i - 2, j - 2) + 1);
      }
      (d[i] as number[])[j] = value;
    }
  }
  return at(a.length, b.length);
}

/**
 * The price ranges over `[min, max]` (minor units), as the Postgres engine cuts them: a round
 * width (1, 2, 2.5 or 5 times a power of ten, at least 100 minor units, about a fifth of the
 * spread) from a multiple of it below `min`, each range `[lo, lo + width - 1]`. The caller
 * drops the empty ones and opens the last one at the top.
 */
export function priceBucketBounds(min: number, max: number): Array<{ min: number; max: number }> {
  const raw = Math.max((max - min) / 5, 100);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const factor = [1, 2, 2.5, 5].find((f) => raw / magnitude <= f) ?? 10;
  const width = Math.round(factor * magnitude);
  const bounds: Array<{ min: number; max: number }> = [];
  for (let lo = Math.floor(min / width) * width; lo <= max; lo += width) {
    bounds.push({ min: lo, max: lo + width - 1 });
  }
  return bounds;
}
