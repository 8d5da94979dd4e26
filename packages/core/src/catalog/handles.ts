import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { firstRow, queryRows } from '@shop/db/query';
import { handleFromTitle } from '@shop/validators';
import { CommerceError } from '../errors';

/**
 * Serialises handle assignment for the transaction's remainder: two creates (or renames) that
 * want the same handle at once queue here, so the second sees the first's committed row and
 * either takes the next suffix (a generated handle) or is told the handle is taken (a chosen
 * one), instead of one of them failing on the unique index with a bare constraint error.
 */
async function lockHandles(tx: Database): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('product-handles'))`);
}

/** Whether `handle` is a product's current handle, and whose (`null`: free). */
async function currentOwner(tx: Database, handle: string): Promise<number | null> {
  const row = await firstRow<{ id: number }>(
    tx,
    sql`select id from products where handle = ${handle}`,
  );
  return row ? Number(row.id) : null;
}

/**
 * The handle a product is saved under, inside the saving transaction (call before writing it).
 * A chosen handle must be free (another product's handle is a 400 naming it); a redirect left by
 * another product's old handle gives way to it. An empty one is made from the title and
 * deduplicated with -2, -3, … against current handles and redirects alike, so a generated
 * handle never captures another product's old links.
 */
export async function assignHandle(
  tx: Database,
  params: { productId: number | null; chosen: string | undefined; title: string },
): Promise<string> {
  await lockHandles(tx);
  if (params.chosen) {
    const owner = await currentOwner(tx, params.chosen);
    if (owner !== null && owner !== params.productId)
      throw new CommerceError(
        'INVALID_INPUT',
        `The handle ${params.chosen} is already used by another product.`,
      );
    await tx.execute(sql`delete from product_handle_redirects where handle = ${params.chosen}`);
    return params.chosen;
  }
  const base = handleFromTitle(params.title) || 'product';
  const taken = await queryRows<{ handle: string }>(
    tx,
    sql`
    select handle from products
     where (handle = ${base} or handle like ${`${base}-%`})
       and id is distinct from ${params.productId}
    union
    select handle from product_handle_redirects
     where (handle = ${base} or handle like ${`${base}-%`})
       and product_id is distinct from ${params.productId}`,
  );
  const used = new Set(taken.map((r) => r.handle));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!used.has(candidate)) return candidate;
  }
}

/**
 * Remembers a product's previous handle so that old links redirect to the current one (the
 * storefront answers 308). Changing back to an old handle removes its redirect (`assignHandle`).
 */
export async function recordHandleRedirect(
  tx: Database,
  productId: number,
  previousHandle: string,
): Promise<void> {
  await tx.execute(sql`
    insert into product_handle_redirects (handle, product_id) values (${previousHandle}, ${productId})
    on conflict (handle) do update set product_id = excluded.product_id, created_at = now()`);
}

/**
 * The current handle of the active product an old handle belonged to, or null. The storefront
 * asks it when no active product has the handle, to redirect instead of answering 404.
 */
export async function resolveHandleRedirect(db: Database, handle: string): Promise<string | null> {
  const row = await firstRow<{ handle: string }>(
    db,
    sql`
    select p.handle from product_handle_redirects r
      join products p on p.id = r.product_id and p.status = 'active'
     where r.handle = ${handle}`,
  );
  return row ? row.handle : null;
}
