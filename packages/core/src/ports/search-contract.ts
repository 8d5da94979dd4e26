import type { ProductCard } from '@shop/validators';
import { describe, expect, it } from 'vitest';
import type { ProductSearch, TextSearchQuery } from './search';

/**
 * The products every engine under the contract must have indexed, beside any others: known
 * titles and descriptions, with a USD price in region `us` and a EUR price in region `eu`. `priceUsd` and
 * `priceEur` are the listed (cheapest) price in minor units.
 */
export const searchFixtures = {
  active: [
    { handle: 'denim-jacket', title: 'Denim Jacket', priceUsd: 8900, priceEur: 8200 },
    { handle: 'cotton-t-shirt', title: 'Cotton T-Shirt', priceUsd: 1900, priceEur: 1700 },
    {
      handle: 'quilted-jacket-liner',
      title: 'Quilted Jacket Liner',
      priceUsd: 4900,
      priceEur: 4500,
    },
    {
      handle: 'organic-cotton-hoodie',
      title: 'Organic Cotton Hoodie',
      priceUsd: 5900,
      priceEur: 5400,
    },
    { handle: 'linen-camp-shirt', title: 'Linen Camp Shirt', priceUsd: 3900, priceEur: 3600 },
  ],
  /** Not active: never in any result. Their titles share words with the active ones. */
  hidden: [
    { handle: 'archived-denim-jacket', title: 'Archived Denim Jacket', status: 'archived' },
    { handle: 'draft-cotton-t-shirt', title: 'Draft Cotton T-Shirt', status: 'draft' },
  ],
  /** Every fixture's description (active or not) holds these words, and no other product's. */
  descriptionWords: 'zephyr wardrobe staple',
} as const;

const hiddenHandles = new Set<string>(searchFixtures.hidden.map((p) => p.handle));

/**
 * The expectations every engine of the search port meets (`listing.test.ts` runs the Postgres
 * engine; a Meilisearch adapter joins with its own `make`). `make` returns an engine whose index
 * holds `searchFixtures` and may hold other products too (a seeded demo catalog).
 */
export function searchContract(name: string, make: () => Promise<ProductSearch> | ProductSearch) {
  describe(`search contract: ${name}`, () => {
    const search = async (query: Omit<TextSearchQuery, 'limit'> & { limit?: number }) =>
      (await make()).search({ limit: 20, ...query });

    /** Every page of a search, following `nextCursor`, with a hard stop against a loop. */
    async function allPages(text: string, limit: number): Promise<ProductCard[]> {
      const engine = await make();
      const items: ProductCard[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 200; page++) {
        const result = await engine.search({ text, region: 'us', cursor, limit });
        expect(result.items.length).toBeLessThanOrEqual(limit);
        items.push(...result.items);
        if (!result.nextCursor) return items;
        cursor = result.nextCursor;
      }
      throw new Error('the search never ended');
    }

    it('ranks an exact title match first', async () => {
      for (const text of ['Denim Jacket', 'denim jacket', 'Cotton T-Shirt']) {
        const result = await search({ text, region: 'us' });
        expect(result.items[0]?.title.toLowerCase()).toBe(text.toLowerCase());
        expect(result.approximate).toBe(false);
      }
    });

    it('finds products by a word of their title, with the region currency price', async () => {
      const us = await search({ text: 'jacket', region: 'us', limit: 100 });
      const eu = await search({ text: 'jacket', region: 'eu', limit: 100 });
      for (const fixture of searchFixtures.active.filter((p) => p.title.includes('Jacket'))) {
        const inUs = us.items.find((item) => item.handle === fixture.handle);
        const inEu = eu.items.find((item) => item.handle === fixture.handle);
        expect(inUs?.price).toEqual({ amount: fixture.priceUsd, currencyCode: 'USD' });
        expect(inEu?.price).toEqual({ amount: fixture.priceEur, currencyCode: 'EUR' });
      }
      expect(us.total).toBeGreaterThanOrEqual(us.items.length);
    });

    it('finds the product behind a query with a typo', async () => {
      for (const [text, handle] of [
        ['jakcet', 'denim-jacket'],
        ['tshrit', 'cotton-t-shirt'],
        ['denim jakcet', 'denim-jacket'],
      ] as const) {
        const result = await search({ text, region: 'us', limit: 10 });
        expect(result.items.map((item) => item.handle)).toContain(handle);
        expect(result.approximate).toBe(true);
      }
    });

    it('suggests a product for the prefix of a word of its title', async () => {
      const engine = await make();
      const jac = await engine.suggest('jac', { region: 'us', limit: 50 });
      expect(jac.map((s) => s.handle)).toContain('denim-jacket');
      expect(jac.map((s) => s.handle)).toContain('quilted-jacket-liner');
      const denimJa = await engine.suggest('denim ja', { region: 'us', limit: 5 });
      expect(denimJa[0]).toMatchObject({ handle: 'denim-jacket', title: 'Denim Jacket' });
      expect(await engine.suggest('cotton t-sh', { region: 'us', limit: 5 })).toContainEqual(
        expect.objectContaining({ handle: 'cotton-t-shirt' }),
      );
      expect(await engine.suggest('jac', { region: 'us', limit: 2 })).toHaveLength(2);
      expect(await engine.suggest('   ', { region: 'us', limit: 5 })).toEqual([]);
    });

    it('never answers archived or draft products', async () => {
      const engine = await make();
      for (const text of ['Archived Denim Jacket', 'Draft Cotton T-Shirt', 'denim', 'tshrit']) {
        const result = await engine.search({ text, region: 'us', limit: 100 });
        expect(result.items.filter((item) => hiddenHandles.has(item.handle))).toEqual([]);
      }
      for (const prefix of ['arch', 'draft', 'den', 'cot']) {
        const suggestions = await engine.suggest(prefix, { region: 'us', limit: 100 });
        expect(suggestions.filter((s) => hiddenHandles.has(s.handle))).toEqual([]);
      }
    });

    it('pages neither repeat nor skip', async () => {
      const text = searchFixtures.descriptionWords;
      const whole = await search({ text, region: 'us', limit: 1000 });
      expect(whole.items.map((item) => item.handle).sort()).toEqual(
        searchFixtures.active.map((p) => p.handle).sort(),
      );
      expect(whole.total).toBe(searchFixtures.active.length);
      for (const limit of [1, 2, 3]) {
        const paged = await allPages(text, limit);
        expect(paged.map((item) => item.id)).toEqual(whole.items.map((item) => item.id));
      }
    });

    it('answers nothing for text without letters or digits', async () => {
      expect(await search({ text: ' -- ', region: 'us' })).toEqual({
        items: [],
        total: 0,
        nextCursor: null,
        approximate: false,
      });
    });
  });
}
