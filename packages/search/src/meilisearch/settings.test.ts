import { describe, expect, it } from 'vitest';
import { MAX_RESULT_WINDOW } from '../engine';
import { meiliSettings, settingsMatch, synonymMap } from './settings';

describe('meiliSettings', () => {
  const settings = meiliSettings({ currencies: ['EUR', 'USD'], synonyms: [['Tee', 't-shirt']] });

  it('searches the title first and filters and sorts on the per-currency prices', () => {
    expect(settings.searchableAttributes?.slice(0, 2)).toEqual(['title', 'titleSquashed']);
    expect(settings.searchableAttributes?.at(-1)).toBe('description');
    expect(settings.filterableAttributes).toEqual(
      expect.arrayContaining(['price_EUR_min', 'price_USD_max', 'optionTokens', 'id', 'inStock']),
    );
    expect(settings.sortableAttributes).toEqual(
      expect.arrayContaining(['id', 'createdAtTs', 'popularity', 'price_USD_min', 'price_EUR_min']),
    );
    expect(settings.rankingRules).toEqual([
      'sort',
      'words',
      'typo',
      'proximity',
      'attribute',
      'exactness',
    ]);
    expect(settings.pagination).toEqual({ maxTotalHits: MAX_RESULT_WINDOW });
    expect(settings.typoTolerance).toEqual({ enabled: true });
  });

  it('matches itself as Meilisearch returns it (other order, defaults added), not a change', () => {
    const returned = {
      ...settings,
      filterableAttributes: [...(settings.filterableAttributes ?? [])].reverse(),
      sortableAttributes: [...(settings.sortableAttributes ?? [])].reverse(),
      typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
      stopWords: [],
      distinctAttribute: null,
    };
    expect(settingsMatch(returned, settings)).toBe(true);
    expect(settingsMatch({ ...returned, rankingRules: ['words', 'sort'] }, settings)).toBe(false);
    expect(settingsMatch({ ...returned, synonyms: {} }, settings)).toBe(false);
    const moreCurrencies = meiliSettings({
      currencies: ['EUR', 'GBP', 'USD'],
      synonyms: [['Tee', 't-shirt']],
    });
    expect(settingsMatch(returned, moreCurrencies)).toBe(false);
  });
});

describe('synonymMap', () => {
  it('maps every term of a group to all the others, merging groups that share a term', () => {
    expect(synonymMap([['Tee', 'T-Shirt', 'tee'], ['tee', 'top'], ['alone'], ['  ', 'x']])).toEqual(
      {
        't-shirt': ['tee'],
        tee: ['t-shirt', 'top'],
        top: ['tee'],
      },
    );
  });
});
