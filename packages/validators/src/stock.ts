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

// The admin's stock pages: levels, adjustments with a reason, thresholds and transfers.

/** Why staff changed a level by hand (transfers and syncs write their own reasons). */
export const STOCK_ADJUST_REASONS = [
  'received',
  'correction',
  'damaged',
  'returned',
  'lost',
  'other',
] as const;
export const zStockAdjustReason = z.enum(STOCK_ADJUST_REASONS, {
  message: `reason must be one of ${STOCK_ADJUST_REASONS.join(', ')}`,
});
export type StockAdjustReason = z.infer<typeof zStockAdjustReason>;

/** Every reason a history row can carry. */
export const zStockHistoryReason = z.enum([
  ...STOCK_ADJUST_REASONS,
  'sync',
  'transfer_out',
  'transfer_in',
  'transfer_canceled',
  'restock',
]);

const zNote = z
  .string({ message: 'note must be text' })
  .trim()
  .max(500, 'note must be at most 500 characters')
  .default('');

/** A positive or negative whole number of units, never 0 (an adjustment that changes nothing). */
const zDelta = z
  .number({ message: 'Change must be a number of units' })
  .int('Change must be a whole number of units')
  .refine((n) => n !== 0, 'Change must not be 0')
  .refine((n) => Math.abs(n) <= MAX_ON_HAND, `Change must be at most ${MAX_ON_HAND} units`);

export const zStockAdjustInput = z.object({
  variantId: zId,
  locationId: zId,
  delta: zDelta,
  reason: zStockAdjustReason,
  note: zNote,
  /**
   * The on-hand count the form showed. When given and the level moved since (another change, or
   * this same form submitted twice), the adjustment is refused instead of applied on top.
   */
  expectedOnHand: z.number().int().min(0).optional(),
});
export type StockAdjustInput = z.input<typeof zStockAdjustInput>;

export const zStockAdjustment = z.object({
  id: z.number().int(),
  variantId: z.number().int(),
  location: z.string(),
  delta: z.number().int(),
  onHandAfter: z.number().int(),
  reason: z.string(),
  note: z.string(),
  actor: z.string(),
  transferId: z.number().int().nullable(),
  createdAt: z.date(),
});
export type StockAdjustment = z.infer<typeof zStockAdjustment>;

export const zStockAdminListInput = z.object({
  /** Matches SKUs, product titles and variant titles (substring, any case). */
  query: z.string().trim().max(200, 'Search at most 200 characters').optional(),
  /** Only variants at or below their low-stock threshold (available units, all locations). */
  lowStock: z.boolean().default(false),
  cursor: zId.nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type StockAdminListInput = z.input<typeof zStockAdminListInput>;

export const zStockAdminRow = zVariantStock.extend({
  productTitle: z.string(),
  variantTitle: z.string(),
  lowStockThreshold: z.number().int().nullable(),
  /** Available units over every location. */
  available: z.number().int(),
  isLow: z.boolean(),
});
export type StockAdminRow = z.infer<typeof zStockAdminRow>;

export const zStockAdminPage = z.object({
  items: z.array(zStockAdminRow),
  nextCursor: z.number().int().nullable(),
});
export type StockAdminPage = z.infer<typeof zStockAdminPage>;

export const zStockHistoryInput = z.object({
  variantId: zId,
  /** The last adjustment id of the previous page (newest first). */
  cursor: zId.nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});

export const zStockHistoryPage = z.object({
  variant: zStockAdminRow,
  items: z.array(zStockAdjustment),
  nextCursor: z.number().int().nullable(),
});
export type StockHistoryPage = z.infer<typeof zStockHistoryPage>;

export const zLowStockThresholdInput = z.object({
  variantId: zId,
  /** null: no alert for this variant. */
  threshold: z
    .number({ message: 'Threshold must be a number of units' })
    .int('Threshold must be a whole number of units')
    .min(0, 'Threshold cannot be negative')
    .max(MAX_ON_HAND, `Threshold must be at most ${MAX_ON_HAND}`)
    .nullable(),
});
export type LowStockThresholdInput = z.input<typeof zLowStockThresholdInput>;

export const zStockLocation = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
});
export type StockLocation = z.infer<typeof zStockLocation>;

export const MAX_TRANSFER_LINES = 200;

export const zTransferCreateInput = z
  .object({
    fromLocationId: zId,
    toLocationId: zId,
    lines: z
      .array(
        z.object({
          variantId: zId,
          quantity: z
            .number({ message: 'Quantity must be a number of units' })
            .int('Quantity must be a whole number of units')
            .min(1, 'Quantity must be at least 1')
            .max(MAX_ON_HAND, `Quantity must be at most ${MAX_ON_HAND}`),
        }),
      )
      .min(1, 'Add at least one line')
      .max(MAX_TRANSFER_LINES, `A transfer has at most ${MAX_TRANSFER_LINES} lines`),
    note: zNote,
  })
  .superRefine((input, ctx) => {
    if (input.fromLocationId === input.toLocationId)
      ctx.addIssue({
        code: 'custom',
        path: ['toLocationId'],
        message: 'A transfer goes to another location than the one it leaves',
      });
    const seen = new Set<number>();
    input.lines.forEach((line, index) => {
      if (seen.has(line.variantId))
        ctx.addIssue({
          code: 'custom',
          path: ['lines', index, 'variantId'],
          message: 'Each variant appears once in a transfer',
        });
      seen.add(line.variantId);
    });
  });
export type TransferCreateInput = z.input<typeof zTransferCreateInput>;

export const zTransferStatus = z.enum(['pending', 'received', 'canceled']);

export const zTransfer = z.object({
  id: z.number().int(),
  from: zStockLocation,
  to: zStockLocation,
  status: zTransferStatus,
  note: z.string(),
  createdBy: z.string(),
  createdAt: z.date(),
  receivedAt: z.date().nullable(),
  lines: z.array(
    z.object({ variantId: z.number().int(), sku: z.string(), quantity: z.number().int() }),
  ),
});
export type Transfer = z.infer<typeof zTransfer>;

export const zTransferListInput = z.object({
  status: zTransferStatus.optional(),
  cursor: zId.nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});

export const zTransferPage = z.object({
  items: z.array(zTransfer),
  nextCursor: z.number().int().nullable(),
});
export type TransferPage = z.infer<typeof zTransferPage>;
