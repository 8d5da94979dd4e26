/**
 * Cache tags, written once. Pages and cached reads tag themselves with these; after a change
 * commits, the worker revalidates the same tags. When you add a read that depends on a row, tag
 * it here so that the write path that changes the row invalidates it.
 */
export const cacheTags = {
  /** Everything that shows one product: its page, cards in lists. */
  product: (id: number) => `product:${id}`,
  /** The product page is looked up by handle before its id is known. */
  productHandle: (handle: string) => `product-handle:${handle}`,
  /** Product lists (home, categories, collections); every product change may reorder or relabel them. */
  catalog: 'catalog',
} as const;

/**
 * Keys only the edge uses (pages name them in `Cache-Tag`, next to `catalog` and
 * `product-handle:<handle>`): `listing` is every list page (home, categories, collections,
 * search), purged when a product's stock changes (`edgePurgeKeys`).
 */
export const edgeKeys = { listing: 'listing' } as const;
