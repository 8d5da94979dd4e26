import { describe, expect, it } from 'vitest';
import { keysetPager, MAX_TRAIL, parseCursor, parseTrail } from './keyset';

const at = (cursor: string | null, back: string | undefined, nextCursor: string | null) =>
  keysetPager({
    path: '/stock',
    params: { q: 'tee', low: '' },
    cursor,
    trail: parseTrail(back),
    nextCursor,
  });

describe('keysetPager', () => {
  it('walks forward and back through the pages the server handed out', () => {
    const first = at(null, undefined, '10');
    expect(first).toEqual({ previous: null, next: '/stock?q=tee&cursor=10&back=-' });
    const second = at('10', '-', '20');
    expect(second).toEqual({
      previous: '/stock?q=tee',
      next: '/stock?q=tee&cursor=20&back=-%2C10',
    });
    const third = at('20', '-,10', null);
    expect(third).toEqual({ previous: '/stock?q=tee&cursor=10&back=-', next: null });
  });

  it('keeps at most MAX_TRAIL cursors; past them Previous leads to the first page', () => {
    const long = Array.from({ length: MAX_TRAIL + 5 }, (_, i) => String(i + 1)).join(',');
    expect(parseTrail(long)).toHaveLength(MAX_TRAIL);
    const page = at('99', long, '100');
    const back = new URL(`http://x${page.next}`).searchParams.get('back')?.split(',');
    expect(back).toHaveLength(MAX_TRAIL);
    expect(back?.at(-1)).toBe('99');
    expect(at('5', undefined, null).previous).toBe('/stock?q=tee');
  });

  it('reads no cursor or trail from text a server cursor cannot be', () => {
    for (const bad of ['', '-', 'a b', "1'; drop", 'x'.repeat(401)])
      expect(parseCursor(bad)).toBeNull();
    expect(parseCursor(['7', '8'])).toBe('7');
    expect(parseTrail('-,3,<script>')).toEqual([]);
  });
});
