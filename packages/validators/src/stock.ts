import { z } from 'zod';
import { zId } from './common';

// Wire shapes of the admin's stock API (`admin.stock.*`), which integrations (an ERP) call.

/** The most lines one `stock.set` call takes (the example sync script batches by it). */
export const MAX_STOCK_SET_ITEMS = 500;
/** inventory_levels.on_hand is a 32-bit integer; a count above this is a typo, not a stock. */
export const MAX_ON_HAND = 1_000_000_000;

const zSku = z
  .string({ message: 'sku must be text' })
  .trim()
  .min(1, 'sku is required')
  .max(200, 'sku must be at most 200 characters');

const zLocationCode = z
  .string({ message: 'location must be a stock location code' })
  .trim()
  .min(1, 'location must be a stock location code')
  .max(100, 'location must be at most 100 characters');

/**
 * One absolute count. The number is checked here rather than by `z.number().int()`, so that the
 * sentence names the SKU: an ERP sending 500 lines needs to know which one is wrong.
 */
const zStockSetItem = z
  .object({
    sku: zSku,
    location: zLocationCode.optional(),
    onHand: z.number({ message: 'onHand must be a number' }),
  })
  .superRefine((item, ctx) => {
    const n = item.onHand;
    if (!Number.isInteger(n) || n < 0 || n > MAX_ON_HAND)
      ctx.addIssue({
        code: 'custom',
        path: ['onHand'],
        message: `SKU ${item.sku}: on hand must be a whole number from 0 to ${MAX_ON_HAND} (got ${n})`,
      });
  });

export const zStockSetInput = z.object({
  items: z
    .array(zStockSetItem)
    .min(1, 'Send at least one item')
    .max(MAX_STOCK_SET_ITEMS, `Send at most ${MAX_STOCK_SET_ITEMS} items per call`)
    .superRefine((items, ctx) => {
      const seen = new Set<string>();
      items.forEach((item, index) => {
        const key = `${item.sku}\u0000${item.location ?? ''}`;
        if (seen.has(key))
          ctx.addIssue({
            code: 'custom',
            path: [index],
            message: `SKU ${item.sku} is listed twice${item.location ? ` for location ${item.location}` : ''}; send one count per SKU and location`,
          });
        seen.add(key);
      });
    }),
  /** Why the counts changed (a stock take, the ERP's nightly sync); logged with the caller. */
  reason: z
    .string({ message: 'reason must be text' })
    .trim()
    .min(1, 'Give a reason, such as "nightly ERP sync"')
    .max(200, 'reason must be at most 200 characters'),
});
export type StockSetInput = z.input<typeof zStockSetInput>;

export const zStockSetResult = z.object({
  /** The counts that moved, in the order sent. */
  changed: z.array(
    z.object({
      sku: z.string(),
      location: z.string(),
      from: z.number().int(),
      to: z.number().int(),
    }),
  ),
  /** How many items already had the count sent (a replayed call changes nothing). */
  unchanged: z.number().int(),
});
export type StockSetResult = z.infer<typeof zStockSetResult>;

export const zStockLevelsInput = z.object({
  /** Only these SKUs (at most 500); absent: every variant, paged. */
  skus: z.array(zSku).min(1).max(MAX_STOCK_SET_ITEMS).optional(),
  /** The last variant id of the previous page. */
  cursor: zId.nullish(),
  limit: z
    .number()
    .int()
    .min(1, 'limit must be at least 1')
    .max(MAX_STOCK_SET_ITEMS, `limit must be at most ${MAX_STOCK_SET_ITEMS}`)
    .default(100),
});
export type StockLevelsInput = z.input<typeof zStockLevelsInput>;

export const zStockLevel = z.object({
  location: z.string(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  /** What shoppers can buy: on hand less what live checkouts hold. */
  available: z.number().int(),
});

export const zVariantStock = z.object({
  variantId: z.number().int(),
  productId: z.number().int(),
  sku: z.string(),
  /** False: the variant is sold without counting (levels are kept but not enforced). */
  manageInventory: z.boolean(),
  levels: z.array(zStockLevel),
});
export type VariantStock = z.infer<typeof zVariantStock>;

export const zStockLevelsPage = z.object({
  items: z.array(zVariantStock),
  nextCursor: z.number().int().nullable(),
});
export type StockLevelsPage = z.infer<typeof zStockLevelsPage>;
