/**
 * Keyset paging in the URL. The server only answers "the page after cursor X", so going back
 * needs the cursors of the pages before: the URL carries them in `back` (comma-separated, the
 * first page written as `-`), capped at `MAX_TRAIL` entries. Past the cap "Previous" still works
 * for the last `MAX_TRAIL` pages, and from there on leads to the first page.
 */

export const MAX_TRAIL = 20;

const cursorPattern = /^[A-Za-z0-9_.:-]{1,400}$/;

/** A cursor from a URL parameter, or null for anything a server cursor cannot be. */
export function parseCursor(value: string | string[] | undefined): string | null {
  const text = Array.isArray(value) ? value[0] : value;
  return text && text !== '-' && cursorPattern.test(text) ? text : null;
}

/** The `back` parameter's cursors (null: the first page); malformed entries end the trail. */
export function parseTrail(value: string | string[] | undefined): Array<string | null> {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return [];
  const trail: Array<string | null> = [];
  for (const part of text.split(',').slice(-MAX_TRAIL)) {
    if (part === '-') trail.push(null);
    else if (cursorPattern.test(part)) trail.push(part);
    else return [];
  }
  return trail;
}

function href(
  path: string,
  params: Record<string, string>,
  cursor: string | null,
  trail: ReadonlyArray<string | null>,
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== '') search.set(key, value);
  if (cursor) search.set('cursor', cursor);
  if (cursor && trail.length > 0) search.set('back', trail.map((c) => c ?? '-').join(','));
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * The "Previous" and "Next" links of a keyset-paged list at `path` (its other parameters in
 * `params`): `cursor` is this page's cursor (null: the first page), `trail` the cursors before
 * it and `nextCursor` what the server answered (null: this is the last page).
 */
export function keysetPager(input: {
  path: string;
  params: Record<string, string>;
  cursor: string | null;
  trail: ReadonlyArray<string | null>;
  nextCursor: string | number | null;
}): { previous: string | null; next: string | null } {
  const { path, params, cursor, trail, nextCursor } = input;
  const previous =
    cursor === null ? null : href(path, params, trail.at(-1) ?? null, trail.slice(0, -1));
  const next =
    nextCursor === null
      ? null
      : href(path, params, String(nextCursor), [...trail, cursor].slice(-MAX_TRAIL));
  return { previous, next };
}
