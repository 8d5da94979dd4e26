import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { firstRow, queryRows } from '@shop/db/query';
import type { CustomerDetail, CustomerPage } from '@shop/validators';
import { CommerceError } from '../errors';

/**
 * Customers as staff see them: a list searched by email or name, keyset-paged by email (the
 * unique `lower(email)` index is the page order), and one customer with their orders, addresses
 * and lifetime value.
 */

/** The page cursor: the last row's lowercased email, base64url so it travels in a URL. */
function encodeCursor(email: string): string {
  return Buffer.from(email, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  return Buffer.from(cursor, 'base64url').toString('utf8');
}

/** `%words%` for ILIKE, with the pattern characters of the words matched literally. */
function containsPattern(words: string): string {
  return `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listCustomersForAdmin(
  db: Database,
  params: { query?: string; cursor?: string | null; limit: number },
): Promise<CustomerPage> {
  const words = params.query?.replaceAll('\u0000', '').trim() ?? '';
  const after = params.cursor ? decodeCursor(params.cursor).replaceAll('\u0000', '') : null;
  const rows = await queryRows<{
    id: string;
    email: string;
    name: string;
    created_at: Date | string;
    order_count: number;
  }>(
    db,
    sql`
    select c.id, c.email, c.name, c.created_at,
           (select count(*)::int from orders o where o.customer_id = c.id) as order_count
      from customers c
     where true
       ${after === null ? sql`` : sql`and lower(c.email) > ${after}`}
       ${words ? sql`and (c.email ilike ${containsPattern(words)} or c.name ilike ${containsPattern(words)})` : sql``}
     order by lower(c.email) limit ${params.limit + 1}`,
  );
  const items = rows.slice(0, params.limit).map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    createdAt: new Date(r.created_at),
    orderCount: Number(r.order_count),
  }));
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > params.limit && last ? encodeCursor(last.email.toLowerCase()) : null,
  };
}

/**
 * One customer: profile, the latest 50 orders, saved addresses, and the lifetime value per
 * currency: what their orders' payments captured less what was refunded (a payment refunded in
 * full counts 0). Orders placed as a guest with the same email are not theirs here: an order
 * belongs to a customer when it was placed signed in.
 */
export async function getCustomerForAdmin(db: Database, id: string): Promise<CustomerDetail> {
  const customer = await firstRow<{
    id: string;
    email: string;
    name: string;
    email_verified: boolean;
    created_at: Date | string;
  }>(
    db,
    sql`select id, email, name, email_verified, created_at from customers
         where id = ${id.replaceAll('\u0000', '')}`,
  );
  if (!customer) throw new CommerceError('NOT_FOUND', 'That customer does not exist.');
  const [value, orders, count, addresses] = await Promise.all([
    queryRows<{ currency_code: string; amount: number }>(
      db,
      sql`select p.currency_code, sum(p.amount - p.refunded_amount)::bigint as amount
            from payments p join orders o on o.id = p.order_id
           where o.customer_id = ${customer.id}
           group by p.currency_code order by p.currency_code`,
    ),
    queryRows<{
      id: number;
      number: number;
      created_at: Date | string;
      total: number;
      currency_code: string;
      status: string;
      payment_status: string;
      fulfillment_status: string;
    }>(
      db,
      sql`select id, number, created_at, total, currency_code, status, payment_status,
                 fulfillment_status
            from orders where customer_id = ${customer.id}
           order by id desc limit 50`,
    ),
    firstRow<{ n: number }>(
      db,
      sql`select count(*)::int as n from orders where customer_id = ${customer.id}`,
    ),
    queryRows<{
      id: number;
      first_name: string;
      last_name: string;
      line1: string;
      line2: string;
      city: string;
      postal_code: string;
      province: string;
      country_code: string;
      phone: string;
      is_default: boolean;
    }>(
      db,
      sql`select id, first_name, last_name, line1, line2, city, postal_code, province,
                 country_code, phone, is_default
            from customer_addresses where customer_id = ${customer.id}
           order by is_default desc, id`,
    ),
  ]);
  return {
    id: customer.id,
    email: customer.email,
    name: customer.name,
    emailVerified: customer.email_verified,
    createdAt: new Date(customer.created_at),
    lifetimeValue: value.map((v) => ({ amount: Number(v.amount), currencyCode: v.currency_code })),
    orderCount: Number(count?.n ?? 0),
    orders: orders.map((o) => ({
      id: Number(o.id),
      number: Number(o.number),
      createdAt: new Date(o.created_at),
      total: { amount: Number(o.total), currencyCode: o.currency_code },
      status: o.status,
      paymentStatus: o.payment_status,
      fulfillmentStatus: o.fulfillment_status,
    })),
    addresses: addresses.map((a) => ({
      id: Number(a.id),
      name: `${a.first_name} ${a.last_name}`.trim(),
      lines: [a.line1, a.line2, `${a.postal_code} ${a.city}`.trim(), a.province].filter(
        (l) => l !== '',
      ),
      countryCode: a.country_code,
      phone: a.phone,
      isDefault: a.is_default,
    })),
  };
}
