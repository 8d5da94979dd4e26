'use server';

import { revalidatePath } from 'next/cache';
import type {
  LowStockThresholdInput,
  StockAdjustInput,
  TransferCreateInput,
} from '@shop/validators';
import { withAdminApi, type Refused } from '~/lib/admin-action';

/** What a stock form's action answers: done, or the router's sentence. */
export type StockActionResult = { ok: true; message: string } | Refused;

/**
 * Adjusts a level by hand (`admin.stock.adjust`). The form sends the on-hand count it showed,
 * so a second submit of the same form is refused ("it changed") instead of applied again.
 */
export async function adjustStockAction(input: StockAdjustInput): Promise<StockActionResult> {
  return withAdminApi('stock adjust', async (api) => {
    const row = await api.admin.stock.adjust(input);
    revalidatePath('/stock');
    revalidatePath(`/stock/${input.variantId}`);
    return {
      ok: true as const,
      message: `${row.delta > 0 ? 'Added' : 'Removed'} ${Math.abs(row.delta)} at ${row.location}: ${row.onHandAfter} on hand.`,
    };
  });
}

export async function setThresholdAction(
  input: LowStockThresholdInput,
): Promise<StockActionResult> {
  return withAdminApi('stock threshold', async (api) => {
    await api.admin.stock.setThreshold(input);
    revalidatePath('/stock');
    revalidatePath(`/stock/${input.variantId}`);
    return {
      ok: true as const,
      message:
        input.threshold === null
          ? 'Low-stock alert removed.'
          : `Shown as low at ${input.threshold} available or fewer.`,
    };
  });
}

/**
 * Creates a transfer from the form's lines, which name SKUs (what staff read on a shelf): they
 * are resolved to variants here, an unknown SKU refused with a sentence before anything is sent.
 */
export async function createTransferAction(
  input: Omit<TransferCreateInput, 'lines'> & {
    lines: ReadonlyArray<{ sku: string; quantity: number }>;
    idempotencyKey: string;
  },
): Promise<StockActionResult> {
  return withAdminApi('stock transfer create', async (api) => {
    const skus = [...new Set(input.lines.map((l) => l.sku.trim()))];
    const found = await api.admin.stock.levels({ skus, limit: skus.length });
    const idOf = new Map(found.items.map((v) => [v.sku, v.variantId]));
    const unknown = skus.filter((s) => !idOf.has(s));
    if (unknown.length > 0)
      return {
        ok: false as const,
        message: `No variant has SKU ${unknown.map((s) => `“${s}”`).join(', ')}; nothing was transferred.`,
      };
    const transfer = await api.admin.stock.transfers.create({
      ...input,
      lines: input.lines.map((l) => ({
        variantId: idOf.get(l.sku.trim()) ?? 0,
        quantity: l.quantity,
      })),
    });
    revalidatePath('/stock');
    revalidatePath('/stock/transfers');
    return {
      ok: true as const,
      message: `Transfer ${transfer.id} created: ${transfer.from.code} → ${transfer.to.code}.`,
    };
  });
}

/** Receives or cancels a pending transfer; both are safe to click twice. */
export async function settleTransferAction(input: {
  transferId: number;
  step: 'receive' | 'cancel';
}): Promise<StockActionResult> {
  return withAdminApi(`stock transfer ${input.step}`, async (api) => {
    const transfer =
      input.step === 'receive'
        ? await api.admin.stock.transfers.receive({ transferId: input.transferId })
        : await api.admin.stock.transfers.cancel({ transferId: input.transferId });
    revalidatePath('/stock');
    revalidatePath('/stock/transfers');
    return { ok: true as const, message: `Transfer ${transfer.id} is ${transfer.status}.` };
  });
}
