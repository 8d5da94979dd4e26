import { eq } from 'drizzle-orm';
import type { Database } from '../client';
import { discounts, regions, shippingOptions } from '../schema/index';

/**
 * Shipping options per region (standard, free over a threshold; express, flat) and a few demo
 * discount codes, so that a fresh shop can take an order end to end. Regions that already have
 * shipping options, and codes that already exist, are left alone.
 */
export async function writeCommerceFixtures(db: Database): Promise<void> {
  const allRegions = await db
    .select({ id: regions.id, currencyCode: regions.currencyCode })
    .from(regions);
  for (const region of allRegions) {
    const existing = await db
      .select({ id: shippingOptions.id })
      .from(shippingOptions)
      .where(eq(shippingOptions.regionId, region.id))
      .limit(1);
    if (existing.length > 0) continue;
    await db.insert(shippingOptions).values([
      {
        regionId: region.id,
        name: 'Standard (3–5 days)',
        type: 'free_over',
        amount: 500,
        freeOverAmount: 7500,
        position: 0,
      },
      {
        regionId: region.id,
        name: 'Express (1–2 days)',
        type: 'flat',
        amount: 1500,
        freeOverAmount: null,
        position: 1,
      },
    ]);
  }
  await db
    .insert(discounts)
    .values([
      { code: 'WELCOME10', type: 'percentage', value: 1000 },
      { code: 'FREESHIP', type: 'free_shipping', value: 0 },
      { code: 'SAVE5', type: 'fixed', value: 500, currencyCode: 'USD', minSubtotal: 2000 },
      { code: 'SAVE5EU', type: 'fixed', value: 500, currencyCode: 'EUR', minSubtotal: 2000 },
    ])
    .onConflictDoNothing();
}
