import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { runTransaction } from '@shop/db/transaction';
import { orderEvents, orderLines, orders, payments, refunds } from '@shop/db/schema';
import {
  zOrderEventData,
  type AdminOrderDetail,
  type AdminOrderList,
  type AdminOrderPayment,
  type AdminRefundRequested,
  type OrderEventData,
  type OrderFulfillmentStatus,
  type OrderPaymentStatus,
  type OrderStatus,
} from '@shop/validators';
import { CommerceError } from '../errors';
import { loadOrderRisk } from './flags';
import { loadLineStates } from './line-state';
import { loadFulfillments } from './fulfillments';
import { findRefundJobs, queueRefunds, type RefundRequest } from './refund-queue';

/** The list's and the detail's badges: flagged by anyone, held and not released. */
const riskColumns = {
  isFlagged: sql<boolean>`exists (select 1 from order_flags f where f.order_id = orders.id)`,
  isHeld: sql<boolean>`(${orders.heldAt} is not null and ${orders.releasedAt} is null)`,
};

/** `1001` or `#1001`: a search for an order number rather than an email. */
const ORDER_NUMBER = /^#?(\d{1,15})$/;

const orderNotFound = (number: number) =>
  new CommerceError('ORDER_NOT_FOUND', `Order #${number} does not exist.`);

/**
 * Orders for the admin table, newest first, keyset-paged by id (no count). `query` is an order
 * number (`1001`, `#1001`) or the start of the customer's email, case-insensitive.
 *
 * Email search is a scan of `orders` in id order: there is no index on the email yet (see the
 * report that added this; `orders (lower(email) text_pattern_ops, id)` would serve it).
 */
export async function listOrdersForAdmin(
  db: Database,
  params: {
    cursor?: number | null;
    limit: number;
    query?: string;
    status?: OrderStatus;
    paymentStatus?: OrderPaymentStatus;
    fulfillmentStatus?: OrderFulfillmentStatus;
    risk?: 'flagged' | 'held';
    createdFrom?: Date;
    createdTo?: Date;
  },
): Promise<AdminOrderList> {
  const filters: SQL[] = [];
  if (params.cursor) filters.push(lt(orders.id, params.cursor));
  if (params.status) filters.push(eq(orders.status, params.status));
  if (params.paymentStatus) filters.push(eq(orders.paymentStatus, params.paymentStatus));
  if (params.fulfillmentStatus)
    filters.push(eq(orders.fulfillmentStatus, params.fulfillmentStatus));
  if (params.risk === 'flagged') filters.push(riskColumns.isFlagged);
  if (params.risk === 'held') filters.push(riskColumns.isHeld);
  if (params.createdFrom) filters.push(gte(orders.createdAt, params.createdFrom));
  if (params.createdTo) filters.push(lt(orders.createdAt, params.createdTo));
  const query = params.query?.trim();
  if (query) filters.push(searchFilter(query));
  const rows = await db
    .select({
      id: orders.id,
      number: orders.number,
      createdAt: orders.createdAt,
      email: orders.email,
      // Qualified by hand: drizzle renders columns unqualified inside a sql`` subquery.
      itemCount: sql<number>`(select coalesce(sum(ol.quantity), 0)::int from order_lines ol where ol.order_id = orders.id)`,
      currencyCode: orders.currencyCode,
      total: orders.total,
      status: orders.status,
      paymentStatus: orders.paymentStatus,
      fulfillmentStatus: orders.fulfillmentStatus,
      ...riskColumns,
    })
    .from(orders)
    .where(and(...filters))
    .orderBy(desc(orders.id))
    .limit(params.limit + 1);
  const items = rows.slice(0, params.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > params.limit && last ? last.id : null };
}

/**
 * An order number finds that order; a whole email address finds its orders through
 * `orders_email_created_idx` (an equality on `lower(email)`); anything else is the start of an
 * email, a `LIKE` prefix that scans in id order (the index's default collation cannot serve it).
 */
function searchFilter(query: string): SQL {
  const number = ORDER_NUMBER.exec(query)?.[1];
  if (number) return eq(orders.number, Number(number));
  const email = query.toLowerCase();
  if (WHOLE_EMAIL.test(email)) return sql`lower(${orders.email}) = ${email}`;
  return sql`lower(${orders.email}) like ${`${escapeLike(email)}%`}`;
}

/** Something@something.tld: searched as the whole address. */
const WHOLE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** One order with its lines, timeline, and payments with their refunds and refund jobs. */
export async function getOrderForAdmin(
  db: Database,
  params: { number: number },
): Promise<AdminOrderDetail> {
  const [order] = await db
    .select({
      id: orders.id,
      number: orders.number,
      createdAt: orders.createdAt,
      email: orders.email,
      customerId: orders.customerId,
      currencyCode: orders.currencyCode,
      taxInclusive: orders.taxInclusive,
      subtotal: orders.subtotal,
      discountTotal: orders.discountTotal,
      shippingTotal: orders.shippingTotal,
      taxTotal: orders.taxTotal,
      total: orders.total,
      shippingAddress: orders.shippingAddress,
      shippingOptionName: orders.shippingOptionName,
      discountCode: orders.discountCode,
      status: orders.status,
      paymentStatus: orders.paymentStatus,
      fulfillmentStatus: orders.fulfillmentStatus,
      canceledAt: orders.canceledAt,
      cancelReason: orders.cancelReason,
      ...riskColumns,
    })
    .from(orders)
    .where(eq(orders.number, params.number))
    .limit(1);
  if (!order) throw orderNotFound(params.number);

  // One query at a time: `db` may be a transaction, whose single connection cannot run queries
  // concurrently.
  const lines = await db
    .select({
      id: orderLines.id,
      productId: orderLines.productId,
      productTitle: orderLines.productTitle,
      variantTitle: orderLines.variantTitle,
      sku: orderLines.sku,
      unitPrice: orderLines.unitPrice,
      quantity: orderLines.quantity,
      subtotal: orderLines.subtotal,
      discountTotal: orderLines.discountTotal,
      taxTotal: orderLines.taxTotal,
      total: orderLines.total,
    })
    .from(orderLines)
    .where(eq(orderLines.orderId, order.id))
    .orderBy(asc(orderLines.id));
  const events = await db
    .select({
      id: orderEvents.id,
      type: orderEvents.type,
      message: orderEvents.message,
      data: orderEvents.data,
      createdAt: orderEvents.createdAt,
    })
    .from(orderEvents)
    .where(eq(orderEvents.orderId, order.id))
    .orderBy(asc(orderEvents.id));
  const paid = await loadPayments(db, order.id);
  const risk = await loadOrderRisk(db, order.id);
  const states = new Map((await loadLineStates(db, order.id)).map((l) => [l.id, l]));
  const shipped = await loadFulfillments(db, order.id);

  return {
    ...order,
    itemCount: lines.reduce((n, l) => n + l.quantity, 0),
    lines: lines.map((l) => ({
      ...l,
      fulfilledQuantity: states.get(l.id)?.fulfilled ?? 0,
      refundedQuantity: states.get(l.id)?.refunded ?? 0,
    })),
    fulfillments: shipped,
    events: events.map((e) => ({ ...e, data: eventData(e.data, order.currencyCode) })),
    payments: paid,
    risk,
    refundableAmount: paid
      .filter((p) => p.refundJob === null || p.refundJob.isFailed)
      .reduce((sum, p) => sum + p.amount - p.refundedAmount, 0),
  };
}

async function loadPayments(db: Database, orderId: number): Promise<AdminOrderPayment[]> {
  const rows = await db
    .select({
      id: payments.id,
      provider: payments.provider,
      providerRef: payments.providerRef,
      amount: payments.amount,
      refundedAmount: payments.refundedAmount,
      currencyCode: payments.currencyCode,
      status: payments.status,
      createdAt: payments.createdAt,
    })
    .from(payments)
    .where(eq(payments.orderId, orderId))
    .orderBy(asc(payments.id));
  if (rows.length === 0) return [];
  const ids = rows.map((p) => p.id);
  const made = await db
    .select({
      id: refunds.id,
      paymentId: refunds.paymentId,
      amount: refunds.amount,
      reason: refunds.reason,
      providerRef: refunds.providerRef,
      createdAt: refunds.createdAt,
    })
    .from(refunds)
    .where(inArray(refunds.paymentId, ids))
    .orderBy(asc(refunds.id));
  const jobs = await findRefundJobs(db, ids);
  return rows.map((p) => ({
    ...p,
    // A job of a fully refunded payment is a retry that will find nothing to do.
    refundJob: p.refundedAmount < p.amount ? (jobs.get(p.id) ?? null) : null,
    refunds: made.filter((r) => r.paymentId === p.id).map(({ paymentId: _paymentId, ...r }) => r),
  }));
}

/**
 * Asks the worker to refund an order, as one transaction with the order row locked: everything
 * left of every payment by default, or `amount` (minor units), or the share of `lines` (units per
 * line, put back in stock with `restock`). See `queueRefunds` for the jobs and the refusals; the
 * reason goes to the shopper in the refund mail.
 */
export async function requestRefund(
  db: Database,
  params: { number: number; staffEmail: string } & Omit<RefundRequest, 'staffEmail'>,
): Promise<AdminRefundRequested> {
  const reason = params.reason.trim();
  if (reason === '') throw new CommerceError('INVALID_INPUT', 'Enter a reason for the refund.');
  return runTransaction(db, async (tx) => {
    // The order row serialises refund requests and refund recordings of one order.
    const [order] = await tx
      .select({ id: orders.id, number: orders.number, currencyCode: orders.currencyCode })
      .from(orders)
      .where(eq(orders.number, params.number))
      .for('update');
    if (!order) throw orderNotFound(params.number);
    return queueRefunds(tx, order, { ...params, reason });
  });
}

/**
 * A timeline entry's stored data for display. Amounts get the order's currency where the entry
 * has none (`refunded` and `refund_requested` store only the amount): an order's payments and
 * refunds are all in its currency. Data that does not hold the expected shape renders as none,
 * so the admin falls back to the stored message.
 */
function eventData(data: unknown, orderCurrency: string): OrderEventData | null {
  const parsed = zOrderEventData.safeParse(data);
  if (!parsed.success || data === null) return null;
  return parsed.data.amount === undefined
    ? parsed.data
    : { ...parsed.data, currencyCode: parsed.data.currencyCode ?? orderCurrency };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}
