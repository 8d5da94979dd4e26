import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { runTransaction } from '@shop/db/transaction';
import type { AddressSnapshot } from '@shop/db/schema';
import { firstRow, queryRows } from '@shop/db/query';
import type { CartLineUnavailable } from '@shop/validators';
import { findUsableDiscount, type Discount } from '../discounts/discounts';
import { assertUnitsPerVariant, DEFAULT_HOLD_LIMITS } from './limits';
import { CommerceError } from '../errors';
import { availableStock } from '../inventory/reservations';
import { computeTotals, type Totals } from '../pricing/totals';
import { getRegion, type Region } from '../regions/regions';

/**
 * Carts live in Postgres; their id (a random UUID) is the shopper's only handle on them, kept in
 * an httpOnly cookie. Prices, stock and totals are always read from the database here: nothing
 * a browser sends about money is ever used.
 */
export const MAX_LINE_QUANTITY = 1000;

export interface CartLineView {
  id: number;
  variantId: number;
  productId: number;
  productHandle: string;
  productTitle: string;
  variantTitle: string;
  sku: string;
  thumbnailUrl: string | null;
  /** The price of one unit: 0 is a free item. A line that cannot be bought is priced at 0 too. */
  unitPrice: number;
  /** Why the line cannot be bought now (the checkout refuses it); null when it can. */
  unavailableReason: CartLineUnavailable | null;
  quantity: number;
  available: number;
  subtotal: number;
  discountTotal: number;
  taxTotal: number;
  total: number;
}

export interface ShippingOptionView {
  id: number;
  name: string;
  type: 'flat' | 'free_over';
  amount: number;
  freeOverAmount: number | null;
}

export interface CartView {
  id: string;
  customerId: string | null;
  region: Region;
  email: string | null;
  shippingAddress: AddressSnapshot | null;
  shippingOption: ShippingOptionView | null;
  discount: { code: string; type: Discount['type'] } | null;
  /** Set when the cart's discount code stopped applying (expired, below minimum, used up). */
  discountProblem: string | null;
  lines: CartLineView[];
  totals: Omit<Totals, 'lines'> & { currencyCode: string; taxInclusive: boolean };
}

type Row = Record<string, unknown>;

export async function createCart(
  db: Database,
  params: { region: string; customerId?: string | null },
): Promise<string> {
  const region = await getRegion(db, params.region, { fallback: true });
  const created = await queryRows(
    db,
    sql`
    insert into carts (region_id, customer_id) values (${region.id}, ${params.customerId ?? null}) returning id`,
  );
  return String((created[0] as Row).id);
}

/**
 * The active cart with that id, as the given shopper may see it: a cart that belongs to another
 * customer, or that has been checked out, is not theirs.
 */
async function loadCartRow(db: Database, cartId: string, customerId: string | null, lock = false) {
  if (!/^[0-9a-f-]{36}$/i.test(cartId))
    throw new CommerceError('CART_NOT_FOUND', 'Your cart could not be found.');
  // The cart and its region in one round trip (the region row is only read, never locked), with
  // the tax rate of the shipping address's country where that country has its own.
  const found = await queryRows(
    db,
    sql`
    select c.id, c.region_id, c.customer_id, c.email, c.shipping_address, c.shipping_option_id, c.discount_id,
           c.status, r.code as region_code, r.name as region_name, r.currency_code, r.tax_inclusive, r.tax_rate_bp,
           (select rc.tax_rate_bp from region_countries rc
             where rc.region_id = c.region_id and rc.country_code = c.shipping_address->>'countryCode') as country_tax_rate_bp
      from carts c join regions r on r.id = c.region_id
     where c.id = ${cartId} ${lock ? sql`for update of c` : sql``}`,
  );
  const row = found[0];
  if (!row || row.status !== 'active')
    throw new CommerceError('CART_NOT_FOUND', 'Your cart could not be found.');
  if (row.customer_id !== null && row.customer_id !== customerId) {
    throw new CommerceError('CART_NOT_YOURS', 'That cart belongs to another shopper.');
  }
  return row;
}

/**
 * Throws what `loadCart` would (CART_NOT_FOUND, CART_NOT_YOURS) without pricing the cart: one
 * row read, for callers that only ask whether the shopper's cart is open.
 */
export async function assertCartOpen(
  db: Database,
  params: { cartId: string; customerId: string | null },
): Promise<void> {
  await loadCartRow(db, params.cartId, params.customerId);
}

/** Everything needed to price a cart, read from the database. */
export async function loadCart(
  db: Database,
  params: { cartId: string; customerId: string | null; lock?: boolean },
): Promise<CartView> {
  const row = await loadCartRow(db, params.cartId, params.customerId, params.lock);
  const region: Region = {
    id: Number(row.region_id),
    code: String(row.region_code),
    name: String(row.region_name),
    currencyCode: String(row.currency_code),
    taxInclusive: row.tax_inclusive === true,
    taxRateBp: Number(row.tax_rate_bp),
  };
  const lineRows = await queryRows(
    db,
    sql`
    select cl.id, cl.variant_id, cl.quantity, v.sku, v.title as variant_title, v.archived, v.product_id,
           p.handle, p.title as product_title, p.status, pp.amount,
           (select url from product_images i where i.product_id = p.id order by position, id limit 1) as thumbnail
      from cart_lines cl
      join product_variants v on v.id = cl.variant_id
      join products p on p.id = v.product_id
      left join product_prices pp on pp.variant_id = v.id and pp.currency_code = ${region.currencyCode}
     where cl.cart_id = ${params.cartId}
     order by cl.id`,
  );
  const rows = lineRows;
  const stock = await availableStock(
    db,
    rows.map((l) => Number(l.variant_id)),
  );
  // Units and discount uses held by this cart's own pending checkout are the shopper's, not
  // someone else's: count them as available while the cart is shown or re-validated.
  const own = await queryRows(
    db,
    sql`
    select r.variant_id, sum(r.quantity)::int as quantity
      from reservations r join checkouts c on c.id = r.checkout_id
     where c.cart_id = ${params.cartId} and c.status = 'pending' and r.status = 'active'
     group by r.variant_id`,
  );
  for (const o of own) {
    const id = Number(o.variant_id);
    stock.set(id, (stock.get(id) ?? 0) + Number(o.quantity));
  }

  let shippingOption: ShippingOptionView | null = null;
  if (row.shipping_option_id !== null) {
    const so = await queryRows(
      db,
      sql`
      select id, name, type, amount, free_over_amount from shipping_options
       where id = ${Number(row.shipping_option_id)} and region_id = ${region.id} and active`,
    );
    const s = so[0];
    if (s) shippingOption = toShippingOption(s);
  }

  // Lines that cannot be sold (a named state, see `unavailableReason`) count for nothing in the
  // totals and are refused at checkout; the view shows them so the shopper can remove them.
  const unavailable = rows.map((l) => unavailableReason(l));
  const priced = rows.map((l, i) => ({
    unitPrice: unavailable[i] === null ? Number(l.amount) : 0,
    quantity: Number(l.quantity),
  }));
  const subtotal = priced.reduce((a, l) => a + l.unitPrice * l.quantity, 0);

  let discount: Discount | null = null;
  let discountProblem: string | null = null;
  if (row.discount_id !== null) {
    const code = await queryRows(
      db,
      sql`select code from discounts where id = ${Number(row.discount_id)}`,
    );
    const c = code[0];
    if (c) {
      try {
        const claims = await queryRows(
          db,
          sql`
          select count(*)::int as n from checkouts
           where cart_id = ${params.cartId} and status = 'pending' and discount_claimed
             and discount_id = ${Number(row.discount_id)}`,
        );
        discount = await findUsableDiscount(db, {
          code: String(c.code),
          currencyCode: region.currencyCode,
          subtotal,
          ownClaims: Number((claims[0] as Row).n),
        });
      } catch (err) {
        if (!(err instanceof CommerceError)) throw err;
        discountProblem = err.message;
      }
    }
  }

  const totals = computeTotals({
    lines: priced,
    discount,
    shipping: shippingOption,
    // The shipping country's own rate (EU VAT differs by country inside one euro region), else
    // the region's. Prices that include tax keep their shelf price: the tax in them is smaller
    // or larger, not the price.
    tax: {
      rateBp: row.country_tax_rate_bp === null ? region.taxRateBp : Number(row.country_tax_rate_bp),
      inclusive: region.taxInclusive,
    },
  });
  const { lines: lineTotals, ...sums } = totals;
  return {
    id: params.cartId,
    customerId: row.customer_id === null ? null : String(row.customer_id),
    region,
    email: row.email === null ? null : String(row.email),
    shippingAddress: (row.shipping_address as AddressSnapshot | null) ?? null,
    shippingOption,
    discount: discount ? { code: discount.code, type: discount.type } : null,
    discountProblem,
    lines: rows.map((l, i) => {
      const t = lineTotals[i];
      const p = priced[i];
      return {
        id: Number(l.id),
        variantId: Number(l.variant_id),
        productId: Number(l.product_id),
        productHandle: String(l.handle),
        productTitle: String(l.product_title),
        variantTitle: String(l.variant_title),
        sku: String(l.sku),
        thumbnailUrl: l.thumbnail === null ? null : String(l.thumbnail),
        unitPrice: p?.unitPrice ?? 0,
        unavailableReason: unavailable[i] ?? null,
        quantity: Number(l.quantity),
        available: Math.max(0, stock.get(Number(l.variant_id)) ?? 0),
        subtotal: t?.subtotal ?? 0,
        discountTotal: t?.discountTotal ?? 0,
        taxTotal: t?.taxTotal ?? 0,
        total: t?.total ?? 0,
      };
    }),
    totals: { ...sums, currencyCode: region.currencyCode, taxInclusive: region.taxInclusive },
  };
}

/** Why a line (or a variant about to be added) cannot be sold; its price plays no part. */
function unavailableReason(v: Row): CartLineUnavailable | null {
  if (v.status !== 'active') return 'product_unavailable';
  if (v.archived === true) return 'variant_archived';
  if (v.amount === null) return 'not_sold_in_currency';
  return null;
}

function toShippingOption(s: Row): ShippingOptionView {
  return {
    id: Number(s.id),
    name: String(s.name),
    type: s.type as ShippingOptionView['type'],
    amount: Number(s.amount),
    freeOverAmount: s.free_over_amount === null ? null : Number(s.free_over_amount),
  };
}

/** A variant that can be sold in the cart's currency, and how many units are available. */
async function sellableVariant(db: Database, variantId: number, currencyCode: string) {
  const found = await queryRows(
    db,
    sql`
    select v.id, v.archived, p.status, pp.amount
      from product_variants v
      join products p on p.id = v.product_id
      left join product_prices pp on pp.variant_id = v.id and pp.currency_code = ${currencyCode}
     where v.id = ${variantId}`,
  );
  const v = found[0];
  if (!v) throw new CommerceError('INVALID_INPUT', `Variant ${variantId} does not exist.`);
  const reason = unavailableReason(v);
  if (reason === 'not_sold_in_currency')
    throw new CommerceError('INVALID_INPUT', `This product is not sold in ${currencyCode}.`);
  if (reason !== null)
    throw new CommerceError('INVALID_INPUT', 'This product is no longer for sale.');
  const available = (await availableStock(db, [variantId])).get(variantId) ?? 0;
  return { available };
}

function assertQuantity(quantity: number, available: number) {
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_LINE_QUANTITY) {
    throw new CommerceError(
      'INVALID_INPUT',
      `Quantity must be a whole number from 1 to ${MAX_LINE_QUANTITY}.`,
    );
  }
  if (available <= 0) throw new CommerceError('OUT_OF_STOCK', 'This item is sold out.');
  if (quantity > available) {
    throw new CommerceError('OUT_OF_STOCK', `Only ${available} left in stock.`);
  }
}

/**
 * Adds units of a variant (merging with an existing line), bounded by available stock and by
 * the per-variant hold limit.
 */
export async function addToCart(
  db: Database,
  params: {
    cartId: string;
    customerId: string | null;
    variantId: number;
    quantity: number;
    maxUnitsPerVariant?: number;
  },
): Promise<CartView> {
  return runTransaction(db, async (tx) => {
    const cart = await loadCart(tx, {
      cartId: params.cartId,
      customerId: params.customerId,
      lock: true,
    });
    const { available } = await sellableVariant(tx, params.variantId, cart.region.currencyCode);
    const existing = cart.lines.find((l) => l.variantId === params.variantId)?.quantity ?? 0;
    assertQuantity(existing + params.quantity, available);
    assertUnitsPerVariant(
      existing + params.quantity,
      params.maxUnitsPerVariant ?? DEFAULT_HOLD_LIMITS.maxUnitsPerVariant,
    );
    await tx.execute(sql`
      insert into cart_lines (cart_id, variant_id, quantity) values (${params.cartId}, ${params.variantId}, ${params.quantity})
      on conflict (cart_id, variant_id) do update set quantity = cart_lines.quantity + excluded.quantity`);
    await touch(tx, params.cartId);
    return loadCart(tx, { cartId: params.cartId, customerId: params.customerId });
  });
}

/** Sets a line's quantity (bounded by stock and the per-variant hold limit); 0 removes the line. */
export async function updateCartLine(
  db: Database,
  params: {
    cartId: string;
    customerId: string | null;
    lineId: number;
    quantity: number;
    maxUnitsPerVariant?: number;
  },
): Promise<CartView> {
  return runTransaction(db, async (tx) => {
    const cart = await loadCart(tx, {
      cartId: params.cartId,
      customerId: params.customerId,
      lock: true,
    });
    const line = cart.lines.find((l) => l.id === params.lineId);
    if (!line) throw new CommerceError('NOT_FOUND', 'That item is not in your cart.');
    if (params.quantity === 0) {
      await tx.execute(sql`delete from cart_lines where id = ${line.id}`);
    } else {
      const { available } = await sellableVariant(tx, line.variantId, cart.region.currencyCode);
      assertQuantity(params.quantity, available);
      assertUnitsPerVariant(
        params.quantity,
        params.maxUnitsPerVariant ?? DEFAULT_HOLD_LIMITS.maxUnitsPerVariant,
      );
      await tx.execute(
        sql`update cart_lines set quantity = ${params.quantity} where id = ${line.id}`,
      );
    }
    await touch(tx, params.cartId);
    return loadCart(tx, { cartId: params.cartId, customerId: params.customerId });
  });
}

async function touch(tx: Database, cartId: string) {
  await tx.execute(sql`update carts set updated_at = now() where id = ${cartId}`);
}

/**
 * Checkout details. Each field is optional; a given field replaces the stored one. The address
 * must already be validated (zAddress); its country must be one the cart's region ships to.
 */
export async function updateCartDetails(
  db: Database,
  params: {
    cartId: string;
    customerId: string | null;
    email?: string;
    shippingAddress?: AddressSnapshot;
    shippingOptionId?: number;
    discountCode?: string | null;
    region?: string;
  },
): Promise<CartView> {
  return runTransaction(db, async (tx) => {
    const cart = await loadCart(tx, {
      cartId: params.cartId,
      customerId: params.customerId,
      lock: true,
    });
    if (params.region !== undefined && params.region !== cart.region.code) {
      const region = await getRegion(tx, params.region);
      // Another currency: the shipping option and discount may not apply any more.
      await tx.execute(
        sql`update carts set region_id = ${region.id}, shipping_option_id = null where id = ${cart.id}`,
      );
    }
    const current = await loadCart(tx, { cartId: params.cartId, customerId: params.customerId });
    if (params.email !== undefined) {
      await tx.execute(
        sql`update carts set email = ${params.email.trim().toLowerCase()} where id = ${cart.id}`,
      );
    }
    if (params.shippingAddress !== undefined) {
      const ships = await queryRows(
        tx,
        sql`
        select 1 from region_countries where region_id = ${current.region.id} and country_code = ${params.shippingAddress.countryCode}`,
      );
      if (ships.length === 0) {
        throw new CommerceError(
          'INVALID_INPUT',
          `We do not ship to ${params.shippingAddress.countryCode} from the ${current.region.name} store.`,
        );
      }
      await tx.execute(
        sql`update carts set shipping_address = ${JSON.stringify(params.shippingAddress)}::jsonb where id = ${cart.id}`,
      );
    }
    if (params.shippingOptionId !== undefined) {
      const so = await queryRows(
        tx,
        sql`
        select id from shipping_options where id = ${params.shippingOptionId} and region_id = ${current.region.id} and active`,
      );
      if (so.length === 0)
        throw new CommerceError('INVALID_INPUT', 'That shipping option is not available.');
      await tx.execute(
        sql`update carts set shipping_option_id = ${params.shippingOptionId} where id = ${cart.id}`,
      );
    }
    if (params.discountCode !== undefined) {
      if (params.discountCode === null || params.discountCode.trim() === '') {
        await tx.execute(sql`update carts set discount_id = null where id = ${cart.id}`);
      } else {
        const discount = await findUsableDiscount(tx, {
          code: params.discountCode,
          currencyCode: current.region.currencyCode,
          subtotal: current.totals.subtotal,
        });
        await tx.execute(sql`update carts set discount_id = ${discount.id} where id = ${cart.id}`);
      }
    }
    await touch(tx, params.cartId);
    return loadCart(tx, { cartId: params.cartId, customerId: params.customerId });
  });
}

export async function listShippingOptions(
  db: Database,
  params: { cartId: string; customerId: string | null },
): Promise<ShippingOptionView[]> {
  const cart = await loadCartRow(db, params.cartId, params.customerId);
  const rows = await queryRows(
    db,
    sql`
    select id, name, type, amount, free_over_amount from shipping_options
     where region_id = ${Number(cart.region_id)} and active order by position, id`,
  );
  return rows.map(toShippingOption);
}

/**
 * On sign-in: the guest cart's lines move into the customer's active cart (quantities add up,
 * bounded by stock), or the guest cart becomes the customer's cart when they have none. Returns
 * the id of the cart to keep using.
 */
export async function mergeCarts(
  db: Database,
  params: { guestCartId: string | null; customerId: string },
): Promise<string | null> {
  return runTransaction(db, async (tx) => {
    const own = await queryRows(
      tx,
      sql`
      select id from carts where customer_id = ${params.customerId} and status = 'active'
       order by updated_at desc limit 1 for update`,
    );
    const ownId = own[0]?.id;
    const guest =
      params.guestCartId && /^[0-9a-f-]{36}$/i.test(params.guestCartId)
        ? await firstRow(
            tx,
            sql`
          select id from carts where id = ${params.guestCartId} and status = 'active' and customer_id is null for update`,
          )
        : undefined;
    if (!guest) return ownId === undefined ? null : String(ownId);
    if (ownId === undefined) {
      await tx.execute(
        sql`update carts set customer_id = ${params.customerId}, updated_at = now() where id = ${String(guest.id)}`,
      );
      return String(guest.id);
    }
    await tx.execute(sql`
      insert into cart_lines (cart_id, variant_id, quantity)
      select ${String(ownId)}, g.variant_id, g.quantity from cart_lines g where g.cart_id = ${String(guest.id)}
      on conflict (cart_id, variant_id) do update
        set quantity = least(cart_lines.quantity + excluded.quantity, ${MAX_LINE_QUANTITY})`);
    await tx.execute(
      sql`update carts set status = 'completed', updated_at = now() where id = ${String(guest.id)}`,
    );
    await tx.execute(sql`update carts set updated_at = now() where id = ${String(ownId)}`);
    return String(ownId);
  });
}
