import { describe, expect, it } from 'vitest';
import {
  HIGHLIGHT_POST as POST,
  HIGHLIGHT_PRE as PRE,
  didYouMean,
  editDistance,
  highlightSegments,
  priceBucketBounds,
} from './results';

describe('highlightSegments', () => {
  it('cuts the formatted title into matched and plain text, never HTML', () => {
    expect(highlightSegments(`Denim ${PRE}Jac${POST}ket <b>x</b>`)).toEqual([
      { text: 'Denim ', match: false },
      { text: 'Jac', match: true },
      { text: 'ket <b>x</b>', match: false },
    ]);
    expect(highlightSegments(`${PRE}Red${POST}${PRE} Shoe${POST}`)).toEqual([
      { text: 'Red Shoe', match: true },
    ]);
    expect(highlightSegments('Plain')).toEqual([{ text: 'Plain', match: false }]);
    // A tag left open (a cut title) marks nothing and leaves no stray character.
    expect(highlightSegments(`A ${PRE}b`)).toEqual([{ text: 'A b', match: false }]);
  });
});

describe('didYouMean', () => {
  it("corrects each word to the top hit's nearest title word", () => {
    expect(didYouMean('tshrit', 'Classic T-Shirt')).toBe('t-shirt');
    expect(didYouMean('denim jakcet', 'Denim Jacket')).toBe('denim jacket');
    expect(didYouMean('Jacket', 'Denim Jacket')).toBeNull();
    // Nothing near: left as typed, and then there is nothing to suggest.
    expect(didYouMean('zzzzzz', 'Denim Jacket')).toBeNull();
  });

  it('counts a transposition as one edit', () => {
    expect(editDistance('jakcet', 'jacket')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('priceBucketBounds', () => {
  it('cuts round ranges of at least 100 minor units from a multiple of the width', () => {
    expect(priceBucketBounds(1500, 1800)).toEqual([
      { min: 1500, max: 1599 },
      { min: 1600, max: 1699 },
      { min: 1700, max: 1799 },
      { min: 1800, max: 1899 },
    ]);
    expect(priceBucketBounds(999, 10_999).map((b) => b.min)).toEqual([
      0, 2000, 4000, 6000, 8000, 10_000,
    ]);
    expect(priceBucketBounds(0, 12_500)[1]).toEqual({ min: 2500, max: 4999 });
    expect(priceBucketBounds(700, 700)).toEqual([{ min: 700, max: 799 }]);
  });
});
