import { MAX_SEARCH_TEXT, zSearchInput } from '@shop/validators';
import { describe, expect, it } from 'vitest';
import {
  clearFilters,
  hasFilterParams,
  hasOptionParams,
  offersFilters,
  paramsRecord,
  parseSearchQuery,
  searchHref,
  searchQueryString,
  searchText,
  toSearchInput,
  toggleCategory,
  toggleInStock,
  toggleOption,
  togglePrice,
  toggleVendor,
  urlVocabulary,
  vocabularyOf,
  withCursor,
  type SearchQuery,
  type SearchVocabulary,
} from './search-query';
import type { SearchFacets } from '@shop/validators';

const vocabulary: SearchVocabulary = {
  categories: ['outerwear', 'tops'],
  vendors: ['Fieldstone', 'Harbour & Pine', 'Oak & Ember'],
  options: [
    { name: 'Size', values: ['S', 'M', 'L'] },
    { name: 'Colour', values: ['Black', 'Forest Green'] },
    { name: 'Shoe size', values: ['42', '43'] },
  ],
};
const context = { vocabulary, currencyCode: 'USD' };

function parse(search: string): SearchQuery {
  return parseSearchQuery(paramsRecord(new URLSearchParams(search)), context);
}

describe('parseSearchQuery', () => {
  it('reads the words, sort, every filter and the cursor', () => {
    expect(
      parse(
        'q=jacket&sort=price_asc&category=outerwear&vendor=Fieldstone&size=M&colour=Black' +
          '&in_stock=1&min=25&max=99.50&after=abc_123',
      ),
    ).toEqual({
      q: 'jacket',
      sort: 'price_asc',
      filters: {
        category: 'outerwear',
        vendor: ['Fieldstone'],
        options: { Size: ['M'], Colour: ['Black'] },
        inStock: true,
        minPrice: 2500,
        maxPrice: 9950,
      },
      cursor: 'abc_123',
    });
  });

  it('drops unknown parameters and values the search does not offer', () => {
    expect(
      parse('q=jacket&vendor=Nobody&size=XXL&colour=&flavour=mint&category=shoes&utm_source=x'),
    ).toEqual({ q: 'jacket', sort: 'relevance', filters: {} });
  });

  it('keeps values in the vocabulary order, once each, so equal views have equal URLs', () => {
    const a = parse('q=coat&size=L&size=S&size=L&vendor=Oak+%26+Ember&vendor=Fieldstone');
    const b = parse('q=coat&vendor=Fieldstone&size=S&vendor=Oak+%26+Ember&size=L');
    expect(a.filters).toEqual({
      vendor: ['Fieldstone', 'Oak & Ember'],
      options: { Size: ['S', 'L'] },
    });
    expect(searchQueryString(a, 'USD')).toBe(searchQueryString(b, 'USD'));
  });

  it('ignores a bad sort, cursor, category handle and price; swaps bounds in the wrong order', () => {
    expect(parse('q=a&sort=cheapest&after=not%20a%20cursor&category=Not+A+Handle&min=-3')).toEqual({
      q: 'a',
      sort: 'relevance',
      filters: {},
    });
    expect(parse('q=a&min=80&max=20').filters).toEqual({ minPrice: 2000, maxPrice: 8000 });
  });

  it('collapses whitespace and cuts very long words to what the API accepts', () => {
    expect(searchText({ q: '  red \n  jacket ' })).toEqual({ q: 'red jacket', truncated: false });
    const long = searchText({ q: 'x'.repeat(10_000) });
    expect(long).toEqual({ q: 'x'.repeat(MAX_SEARCH_TEXT), truncated: true });
    const query = parseSearchQuery({ q: 'y'.repeat(10_000), size: 'M' }, context);
    expect(query.q).toHaveLength(MAX_SEARCH_TEXT);
    expect(zSearchInput.safeParse(toSearchInput(query, 'us', 24)).success).toBe(true);
  });

  it('reads the first value of single parameters', () => {
    expect(parseSearchQuery({ q: ['one', 'two'], sort: ['newest', 'price_asc'] }, context)).toEqual(
      { q: 'one', sort: 'newest', filters: {} },
    );
  });
});

describe('the URL round trip', () => {
  const queries: SearchQuery[] = [
    { q: 'jacket', sort: 'relevance', filters: {} },
    { q: '', sort: 'best_selling', filters: { category: 'tops' } },
    {
      q: 'wool & silk: 100%?',
      sort: 'price_desc',
      filters: {
        category: 'outerwear',
        vendor: ['Harbour & Pine', 'Oak & Ember'],
        options: { Size: ['S', 'L'], Colour: ['Forest Green'], 'Shoe size': ['43'] },
        inStock: true,
        minPrice: 1999,
        maxPrice: 120_000,
      },
      cursor: 'WyJhYmMiLDI0XQ',
    },
    { q: 'socks', sort: 'newest', filters: { maxPrice: 500 } },
  ];

  for (const query of queries) {
    it(`gives back ${JSON.stringify(query)}`, () => {
      const href = searchHref('eu', query, 'USD');
      const url = new URL(href, 'http://shop.test');
      expect(url.pathname).toBe('/eu/search');
      expect(parse(url.search)).toEqual(query);
      // And the string is stable: parsing and writing again changes nothing.
      expect(searchQueryString(parse(url.search), 'USD')).toBe(url.search.replace(/^\?/, ''));
    });
  }

  it('names option parameters as category pages do, away from the reserved names', () => {
    const query: SearchQuery = {
      q: 'boots',
      sort: 'relevance',
      filters: { options: { 'Shoe size': ['42'] } },
    };
    expect(searchQueryString(query, 'USD')).toBe('q=boots&shoe-size=42');
  });

  it('writes the API input the validators accept', () => {
    const [, , full] = queries;
    if (!full) throw new Error('the full query is missing');
    const parsed = zSearchInput.parse(toSearchInput(full, 'us', 24));
    expect(parsed.filters).toEqual(full.filters);
    expect(parsed).toMatchObject({ region: 'us', q: full.q, sort: 'price_desc', limit: 24 });
  });
});

describe('facet links', () => {
  const base: SearchQuery = {
    q: 'jacket',
    sort: 'price_asc',
    filters: { vendor: ['Fieldstone'] },
    cursor: 'page2',
  };

  it('add and remove one value each, start from the first page and keep words and sort', () => {
    const added = toggleOption(toggleVendor(base, 'Oak & Ember'), 'Size', 'M');
    expect(added).toEqual({
      q: 'jacket',
      sort: 'price_asc',
      filters: { vendor: ['Fieldstone', 'Oak & Ember'], options: { Size: ['M'] } },
    });
    const removed = toggleOption(toggleVendor(added, 'Oak & Ember'), 'Size', 'M');
    expect(removed).toEqual({
      q: 'jacket',
      sort: 'price_asc',
      filters: { vendor: ['Fieldstone'] },
    });
    expect(toggleVendor(removed, 'Fieldstone').filters).toEqual({});
  });

  it('choose one category, stock and price range at a time, and clear them again', () => {
    const chosen = togglePrice(toggleInStock(toggleCategory(base, 'tops')), 2500, 4999);
    expect(chosen.filters).toEqual({
      vendor: ['Fieldstone'],
      category: 'tops',
      inStock: true,
      minPrice: 2500,
      maxPrice: 4999,
    });
    expect(toggleCategory(chosen, 'outerwear').filters.category).toBe('outerwear');
    expect(togglePrice(chosen, 10_000, null).filters).toMatchObject({ minPrice: 10_000 });
    expect(togglePrice(chosen, 10_000, null).filters.maxPrice).toBeUndefined();
    const cleared = togglePrice(toggleInStock(toggleCategory(chosen, 'tops')), 2500, 4999);
    expect(cleared.filters).toEqual({ vendor: ['Fieldstone'] });
    expect(clearFilters(chosen)).toEqual({ q: 'jacket', sort: 'price_asc', filters: {} });
  });

  it('page links carry the cursor and the first page none', () => {
    expect(withCursor(base, 'page3').cursor).toBe('page3');
    expect(withCursor(base, undefined)).not.toHaveProperty('cursor');
  });
});

describe('hasFilterParams', () => {
  it('is false for words, sort, page and tracking tags only', () => {
    expect(hasFilterParams({ q: 'a', sort: 'newest', after: 'x', utm_source: 'mail' })).toBe(false);
    expect(hasFilterParams({ q: 'a', vendor: '' })).toBe(false);
  });

  it('is true for any parameter that may be a filter', () => {
    expect(hasFilterParams({ q: 'a', vendor: 'Fieldstone' })).toBe(true);
    expect(hasFilterParams({ q: 'a', size: ['', 'M'] })).toBe(true);
  });
});

describe('vocabularyOf', () => {
  it('takes the values of each facet and nothing when there are none', () => {
    expect(vocabularyOf(null)).toEqual({ categories: [], vendors: [], options: [] });
    expect(
      vocabularyOf({
        categories: [{ value: 'tops', label: 'Tops', count: 3 }],
        vendors: [{ value: 'Fieldstone', label: 'Fieldstone', count: 2 }],
        options: [{ name: 'Size', values: [{ value: 'M', label: 'M', count: 1 }] }],
        price: { currencyCode: 'USD', min: 100, max: 200, buckets: [] },
        inStock: 2,
      }),
    ).toEqual({
      categories: ['tops'],
      vendors: ['Fieldstone'],
      options: [{ name: 'Size', values: ['M'] }],
    });
  });
});

const count = (value: string, n = 1) => ({ value, label: value, count: n });
const facets = (parts: Partial<SearchFacets>): SearchFacets => ({
  categories: [],
  vendors: [],
  options: [],
  price: { currencyCode: 'USD', min: null, max: null, buckets: [] },
  inStock: 0,
  ...parts,
});

describe('vocabularyOf, in a fixed order', () => {
  it('orders vendors, options and values the same whatever the counts, so cursors stay good', () => {
    const a = vocabularyOf(
      facets({
        vendors: [count('Oak & Ember', 5), count('Fieldstone', 2)],
        options: [
          { name: 'Size', values: [count('S'), count('M')] },
          { name: 'Colour', values: [count('Black')] },
        ],
      }),
    );
    expect(a).toEqual({
      categories: [],
      vendors: ['Fieldstone', 'Oak & Ember'],
      options: [
        { name: 'Colour', values: ['Black'] },
        { name: 'Size', values: ['M', 'S'] },
      ],
    });
  });
});

describe('hasOptionParams', () => {
  it('is true only for a narrowing parameter that is none of the search fields', () => {
    expect(hasOptionParams({ q: 'a', vendor: 'X', min: '5', category: 'tops', utm_x: 'y' })).toBe(
      false,
    );
    expect(hasOptionParams({ q: 'a', size: '' })).toBe(false);
    expect(hasOptionParams({ q: 'a', size: 'M' })).toBe(true);
  });
});

describe('urlVocabulary', () => {
  const names = ['Size', 'Colour', 'Shoe size'];
  const of = (search: string) => urlVocabulary(paramsRecord(new URLSearchParams(search)), names);

  it('takes the URL own vendors and option values, trimmed, once each, in the fixed order', () => {
    expect(
      of(
        'q=coat&vendor=Oak+%26+Ember&vendor=+Fieldstone&vendor=&size=L&size=S&size=L&colour=Black',
      ),
    ).toEqual({
      vendors: ['Fieldstone', 'Oak & Ember'],
      options: [
        { name: 'Colour', values: ['Black'] },
        { name: 'Size', values: ['L', 'S'] },
      ],
    });
  });

  it('is null for a parameter that names no option of the catalog', () => {
    expect(of('q=coat&size=M&flavour=mint')).toBeNull();
    expect(of('q=coat&flavour=')).toEqual({ vendors: [], options: [] });
  });

  it('gives parseSearchQuery the same filters as the facets would when they hold the values', () => {
    const search = 'q=coat&vendor=Fieldstone&size=M&colour=Black&shoe-size=42';
    const own = of(search);
    if (!own) throw new Error('every parameter is a filter or an option');
    const params = paramsRecord(new URLSearchParams(search));
    const fromUrl = parseSearchQuery(params, {
      vocabulary: { ...own, categories: [] },
      currencyCode: 'USD',
    });
    const offered = facets({
      vendors: vocabulary.vendors.map((v) => count(v)),
      options: vocabulary.options.map((o) => ({ name: o.name, values: o.values.map(count) })),
    });
    const fromFacets = parseSearchQuery(params, {
      vocabulary: { ...vocabularyOf(offered), categories: [] },
      currencyCode: 'USD',
    });
    expect(fromUrl).toEqual(fromFacets);
    expect(JSON.stringify(fromUrl.filters)).toBe(JSON.stringify(fromFacets.filters));
  });
});

describe('offersFilters', () => {
  const answer = facets({
    vendors: [count('Fieldstone')],
    options: [{ name: 'Size', values: [count('M'), count('L')] }],
  });

  it('is true when every chosen vendor and option value is offered', () => {
    expect(offersFilters(answer, { vendor: ['Fieldstone'], options: { Size: ['L', 'M'] } })).toBe(
      true,
    );
    expect(offersFilters(answer, { inStock: true, minPrice: 100 })).toBe(true);
  });

  it('is false for a value, an option or facets the answer does not have', () => {
    expect(offersFilters(answer, { vendor: ['Nobody'] })).toBe(false);
    expect(offersFilters(answer, { options: { Size: ['XXL'] } })).toBe(false);
    expect(offersFilters(answer, { options: { Colour: ['Black'] } })).toBe(false);
    expect(offersFilters(null, { vendor: ['Fieldstone'] })).toBe(false);
    expect(offersFilters(null, {})).toBe(true);
  });
});
