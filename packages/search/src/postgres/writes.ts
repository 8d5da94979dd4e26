import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { bigintArray, firstRow, queryRows } from '@shop/db/query';
import { documentChecksum, optionTokens, type SearchDocument } from '../document';
import type { IndexedEntry } from '../engine';

/**
 * The Postgres engine's writes to its index tables (`search_documents`, `search_document_prices`,
 * migration 0010). Each call is one statement per table, whatever the batch size, inside the
 * caller's transaction when there is one (the dispatcher's), else in one of its own, so a
 * document and its prices never disagree.
 */
export async function upsertDocuments(
  db: Database,
  documents: readonly SearchDocument[],
): Promise<void> {
  if (documents.length === 0) return;
  const rows = documents.map((d) => ({
    product_id: d.id,
    handle: d.handle,
    title: d.title,
    description: d.description,
    vendor: d.vendor,
    product_type: d.productType,
    tags: d.tags,
    keywords: [d.vendor, d.productType, ...d.tags, ...d.categoryPath].join(' '),
    category_handles: d.categoryHandles,
    collection_handles: d.collectionHandles,
    option_tokens: optionTokens(d.options),
    in_stock_option_tokens: optionTokens(d.inStockOptions),
    in_stock: d.inStock,
    created_at: d.createdAt,
    popularity: Math.min(d.popularity, 2_147_483_647),
    document: d,
    checksum: documentChecksum(d),
  }));
  const prices = documents.flatMap((d) =>
    Object.entries(d.prices).map(([currency, p]) => ({
      product_id: d.id,
      currency_code: currency,
      min_amount: p.min,
      max_amount: p.max,
      compare_at_amount: p.compareAt,
    })),
  );
  const ids = bigintArray(documents.map((d) => d.id));
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into search_documents (product_id, handle, title, description, vendor, product_type,
             tags, keywords, category_handles, collection_handles, option_tokens,
             in_stock_option_tokens, in_stock, created_at, popularity, document, checksum, indexed_at)
      select d.product_id, d.handle, d.title, d.description, d.vendor, d.product_type,
             array(select jsonb_array_elements_text(d.tags)), d.keywords,
             array(select jsonb_array_elements_text(d.category_handles)),
             array(select jsonb_array_elements_text(d.collection_handles)),
             array(select jsonb_array_elements_text(d.option_tokens)),
             array(select jsonb_array_elements_text(d.in_stock_option_tokens)),
             d.in_stock, d.created_at, d.popularity, d.document, d.checksum, clock_timestamp()
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as d(
             product_id bigint, handle text, title text, description text, vendor text,
             product_type text, tags jsonb, keywords text, category_handles jsonb,
             collection_handles jsonb, option_tokens jsonb, in_stock_option_tokens jsonb,
             in_stock boolean, created_at timestamptz, popularity integer, document jsonb,
             checksum text)
      on conflict (product_id) do update set
             handle = excluded.handle, title = excluded.title, description = excluded.description,
             vendor = excluded.vendor, product_type = excluded.product_type, tags = excluded.tags,
             keywords = excluded.keywords, category_handles = excluded.category_handles,
             collection_handles = excluded.collection_handles,
             option_tokens = excluded.option_tokens,
             in_stock_option_tokens = excluded.in_stock_option_tokens,
             in_stock = excluded.in_stock, created_at = excluded.created_at,
             popularity = excluded.popularity, document = excluded.document,
             checksum = excluded.checksum, indexed_at = excluded.indexed_at`);
    await tx.execute(sql`delete from search_document_prices where product_id = any(${ids})`);
    if (prices.length > 0) {
      await tx.execute(sql`
        insert into search_document_prices (product_id, currency_code, min_amount, max_amount, compare_at_amount)
        select * from jsonb_to_recordset(${JSON.stringify(prices)}::jsonb) as p(
               product_id bigint, currency_code char(3), min_amount bigint, max_amount bigint,
               compare_at_amount bigint)`);
    }
  });
}

export async function deleteDocuments(db: Database, productIds: readonly number[]): Promise<void> {
  if (productIds.length === 0) return;
  await db.execute(
    sql`delete from search_documents where product_id = any(${bigintArray(productIds)})`,
  );
}

export async function scanDocuments(
  db: Database,
  afterId: number,
  limit: number,
): Promise<IndexedEntry[]> {
  const rows = await queryRows<{ id: string | number; checksum: string }>(
    db,
    sql`select product_id as id, checksum from search_documents
         where product_id > ${afterId} order by product_id limit ${limit}`,
  );
  return rows.map((r) => ({ id: Number(r.id), checksum: r.checksum }));
}

/**
 * A whole new index without an empty moment: every batch is upserted (searches keep finding
 * the old rows, then the new ones), and once all are in, the rows written before the rebuild
 * started (which no batch wrote, and no sync since) are deleted.
 *
 * `indexed_at` is the wall clock of the write (`clock_timestamp()`), not its transaction's start
 * (`now()`): a sync transaction begun before the rebuild but writing during it would otherwise
 * leave a row that looks older than the rebuild, and the product would drop out of the index.
 */
export async function rebuildDocuments(
  db: Database,
  batches: AsyncIterable<readonly SearchDocument[]>,
): Promise<void> {
  const started = await firstRow<{ at: string }>(db, sql`select clock_timestamp()::text as at`);
  if (!started) throw new Error('postgres search: no clock_timestamp()');
  for await (const batch of batches) await upsertDocuments(db, batch);
  await db.execute(sql`delete from search_documents where indexed_at < ${started.at}::timestamptz`);
}
