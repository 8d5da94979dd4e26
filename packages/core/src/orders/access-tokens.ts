import { inArray } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { orders } from '@shop/db/schema';

/**
 * The guest access tokens of these orders, by order id (an id with no order is absent). The
 * order confirmation links to the order with its token; the token stays in `orders` and never
 * enters the event outbox, so the mail handler reads it here.
 */
export async function listOrderAccessTokens(
  db: Database,
  orderIds: readonly number[],
): Promise<Map<number, string>> {
  if (orderIds.length === 0) return new Map();
  const rows = await db
    .select({ id: orders.id, accessToken: orders.accessToken })
    .from(orders)
    .where(inArray(orders.id, [...orderIds]));
  return new Map(rows.map((r) => [r.id, r.accessToken]));
}
