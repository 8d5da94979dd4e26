import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { enqueueJob } from '@shop/db/jobs';
import { bigintArray, firstRow, queryRows } from '@shop/db/query';
import { runTransaction, violatedConstraint } from '@shop/db/transaction';
import {
  handleFromTitle,
  type AdminCategory,
  type AdminCollection,
  type AdminCollectionDetail,
  type GroupPlacement,
  type ProductStatus,
} from '@shop/validators';
import { cacheTags } from '../cache-tags';
import { CommerceError } from '../errors';
import { emitEvents } from '../events/emit';
import type { AuditHook } from '../staff/audit';

/**
 * The category tree and the collections as staff manage them: create, rename, move, order and
 * delete, each in one transaction with its audit entry and the notice that refreshes the
 * storefront.
 *
 * Ordering: positions are dense (0, 1, 2, … among one parent's children, among all collections,
 * among one collection's products) and rewritten whole by every change, under a lock of the set
 * being ordered, so two staff moving items at once queue instead of writing the same position
 * twice. The category tree has one lock (an advisory one: moves change two sibling sets and the
 * cycle check reads the whole path); the collection list another; a collection's products its
 * row's lock.
 *
 * The storefront: products' search documents hold their categories' handles and names (with the
 * ancestors') and their collections' handles, so a change to those emits `product.updated` for
 * each product concerned (the search index syncs and their pages and lists refresh). A change
 * only to the order or to what no document holds (a new empty category, a collection's title)
 * enqueues a refresh of the `catalog` tag, which every list and the navigation are read under.
 */

type Deps = { audit?: AuditHook };

type GroupTable = 'categories' | 'collections';

const nouns: Record<GroupTable, string> = { categories: 'category', collections: 'collection' };

/** Serialises every write to the category tree, or to the list of collections. */
async function lockGroups(tx: Database, table: GroupTable): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`catalog-groups:${table}`}))`);
}

/**
 * The order `ids` take when `id` goes to `to` (up, down, or a position counted from 0; past the
 * end is last). An id not in `ids` is inserted at the position ("up" and "down" put it last).
 */
export function placeInOrder(ids: readonly number[], id: number, to: GroupPlacement): number[] {
  const from = ids.indexOf(id);
  const rest = ids.filter((x) => x !== id);
  let at: number;
  if (to === 'up') at = from < 0 ? rest.length : Math.max(0, from - 1);
  else if (to === 'down') at = from < 0 ? rest.length : Math.min(rest.length, from + 1);
  else at = Math.min(to, rest.length);
  rest.splice(at, 0, id);
  return rest;
}

/** Where the ordered rows live: a table of groups with a scope, or one collection's products. */
type OrderedSet =
  | { table: 'categories'; parentId: number | null }
  | { table: 'collections' }
  | { table: 'collection_products'; collectionId: number };

function orderedIdsQuery(set: OrderedSet): SQL {
  switch (set.table) {
    case 'categories':
      return sql`select id from categories where parent_id is not distinct from ${set.parentId}
                  order by position, id`;
    case 'collections':
      return sql`select id from collections order by position, id`;
    case 'collection_products':
      return sql`select product_id as id from collection_products
                  where collection_id = ${set.collectionId} order by position, product_id`;
  }
}

async function orderedIds(tx: Database, set: OrderedSet): Promise<number[]> {
  return (await queryRows<{ id: number }>(tx, orderedIdsQuery(set))).map((r) => Number(r.id));
}

/** Writes positions 0, 1, 2, … in the order of `ids` (only the rows whose position changes). */
async function writeOrder(tx: Database, set: OrderedSet, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  const order = sql`unnest(${bigintArray(ids)}) with ordinality as o(id, n)`;
  if (set.table === 'collection_products') {
    await tx.execute(sql`
      update collection_products t set position = (o.n - 1)::int from ${order}
       where t.collection_id = ${set.collectionId} and t.product_id = o.id
         and t.position <> (o.n - 1)::int`);
    return;
  }
  await tx.execute(sql`
    update ${sql.identifier(set.table)} t set position = (o.n - 1)::int from ${order}
     where t.id = o.id and t.position <> (o.n - 1)::int`);
}

/** Moves `id` to `to` within `set` and renumbers the set densely; returns the new order. */
async function reorder(
  tx: Database,
  set: OrderedSet,
  id: number,
  to: GroupPlacement,
): Promise<number[]> {
  const ids = placeInOrder(await orderedIds(tx, set), id, to);
  await writeOrder(tx, set, ids);
  return ids;
}

/**
 * A handle for a new or renamed group: the chosen one, which must be free among its kind (a
 * CONFLICT naming it), or one made from the name and deduplicated with -2, -3, … Called under
 * the kind's lock, so two creates of the same name take different handles.
 */
async function groupHandle(
  tx: Database,
  table: GroupTable,
  params: { id: number | null; chosen: string | undefined; name: string },
): Promise<string> {
  const noun = nouns[table];
  if (params.chosen) {
    const owner = await firstRow<{ id: number }>(
      tx,
      sql`select id from ${sql.identifier(table)} where handle = ${params.chosen}
           and id is distinct from ${params.id}`,
    );
    if (owner) throw handleTaken(noun, params.chosen);
    return params.chosen;
  }
  const base = handleFromTitle(params.name) || noun;
  const taken = await queryRows<{ handle: string }>(
    tx,
    sql`select handle from ${sql.identifier(table)}
         where (handle = ${base} or handle like ${`${base}-%`}) and id is distinct from ${params.id}`,
  );
  const used = new Set(taken.map((r) => r.handle));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

function handleTaken(noun: string, handle: string, cause?: unknown): CommerceError {
  return new CommerceError(
    'CONFLICT',
    `The handle "${handle}" is already used by another ${noun}; choose another handle.`,
    { cause },
  );
}

/** A write whose handle index violation (a race the lock did not cover) is a CONFLICT. */
async function catchingTakenHandle<T>(
  table: GroupTable,
  handle: () => string | undefined,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (violatedConstraint(err) === `${table}_handle_key`)
      throw handleTaken(nouns[table], handle() ?? '', err);
    throw err;
  }
}

/**
 * Tells the storefront: products whose search documents changed get `product.updated` (their
 * document is rebuilt, their pages and every list refresh); with none, the `catalog` tag alone
 * is refreshed (the navigation, the lists' order).
 */
async function announce(tx: Database, productIds: readonly number[]): Promise<void> {
  const ids = [...new Set(productIds)];
  if (ids.length === 0) {
    await enqueueJob(tx, 'revalidate', { tags: [cacheTags.catalog] });
    return;
  }
  const rows = await queryRows<{ id: number; handle: string }>(
    tx,
    sql`select id, handle from products where id = any(${bigintArray(ids)}) order by id`,
  );
  await emitEvents(
    tx,
    rows.map((r) => ({
      type: 'product.updated' as const,
      version: 1 as const,
      payload: { productId: Number(r.id), handle: r.handle, fields: [] },
    })),
  );
}

/**
 * Creates a group under its kind's lock: `check` refuses what may not be created (a name
 * taken), the handle is chosen or made from `name`, `insert` writes the row (returning its id)
 * and `read` gives the admin's view of it, which is audited and returned.
 */
async function createGroup<T extends { id: number }>(
  db: Database,
  table: GroupTable,
  params: {
    name: string;
    chosen: string | undefined;
    check: (tx: Database) => Promise<void>;
    insert: (handle: string) => SQL;
    read: (tx: Database, id: number) => Promise<T>;
  },
  deps: Deps,
): Promise<T> {
  let handle = params.chosen;
  return catchingTakenHandle(
    table,
    () => handle,
    () =>
      runTransaction(db, async (tx) => {
        await lockGroups(tx, table);
        await params.check(tx);
        handle = await groupHandle(tx, table, {
          id: null,
          chosen: params.chosen,
          name: params.name,
        });
        const row = await firstRow<{ id: number }>(tx, params.insert(handle));
        if (!row) throw new Error(`the ${nouns[table]} was not created`);
        const after = await params.read(tx, Number(row.id));
        await announce(tx, []);
        await deps.audit?.(tx, { targetType: nouns[table], targetId: after.id, after });
        return after;
      }),
  );
}

/** A group's handle after an edit: unchanged when not given (or the same), else checked. */
function editedHandle(
  tx: Database,
  table: GroupTable,
  params: { id: number; current: string; chosen: string | undefined; name: string },
): Promise<string> {
  if (params.chosen === undefined || params.chosen === params.current)
    return Promise.resolve(params.current);
  return groupHandle(tx, table, { id: params.id, chosen: params.chosen, name: params.name });
}

/**
 * One change of an existing group, under its kind's lock: `lock` locks its row (NOT_FOUND when
 * it is gone) and answers what `write` needs; `write` makes the change and answers the products
 * whose search documents it altered (see `announce`); the admin's view before (`read`) and after
 * (`after`: null once deleted) is the audit entry, and the after is returned.
 */
async function changeGroup<Row, View, After extends View | null>(
  db: Database,
  table: GroupTable,
  id: number,
  steps: {
    lock: (tx: Database, id: number) => Promise<Row>;
    read: (tx: Database, id: number) => Promise<View>;
    write: (tx: Database, row: Row, before: View) => Promise<readonly number[]>;
    after: (tx: Database) => Promise<After>;
  },
  deps: Deps,
): Promise<After> {
  return runTransaction(db, async (tx) => {
    await lockGroups(tx, table);
    const row = await steps.lock(tx, id);
    const before = await steps.read(tx, id);
    const products = await steps.write(tx, row, before);
    const after = await steps.after(tx);
    await announce(tx, products);
    await deps.audit?.(tx, { targetType: nouns[table], targetId: id, before, after });
    return after;
  });
}

// ---- categories ----

interface CategoryRow {
  id: number;
  parent_id: number | null;
  handle: string;
  name: string;
  position: number;
  product_count: number;
}

/** The whole tree as the admin shows it: depth first, children in their order. */
export async function listCategoriesAdmin(db: Database): Promise<AdminCategory[]> {
  const rows = await queryRows<CategoryRow>(
    db,
    sql`select c.id, c.parent_id, c.handle, c.name, c.position,
               (select count(*)::int from product_categories pc where pc.category_id = c.id)
                 as product_count
          from categories c order by c.position, c.id`,
  );
  const children = new Map<number | null, CategoryRow[]>();
  const known = new Set(rows.map((r) => Number(r.id)));
  for (const r of rows) {
    // A parent that is gone cannot happen (the foreign key); the root stands in for it anyway.
    const parent =
      r.parent_id === null || !known.has(Number(r.parent_id)) ? null : Number(r.parent_id);
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const out: AdminCategory[] = [];
  const seen = new Set<number>();
  const walk = (parent: number | null, depth: number, path: string[]) => {
    for (const [index, r] of (children.get(parent) ?? []).entries()) {
      const id = Number(r.id);
      if (seen.has(id)) continue;
      seen.add(id);
      const names = [...path, r.name];
      out.push({
        id,
        parentId: parent,
        handle: r.handle,
        name: r.name,
        position: index,
        depth,
        path: names.join(' / '),
        childCount: children.get(id)?.length ?? 0,
        productCount: Number(r.product_count),
      });
      walk(id, depth + 1, names);
    }
  };
  walk(null, 0, []);
  return out;
}

export async function getCategoryAdmin(db: Database, id: number): Promise<AdminCategory> {
  const found = (await listCategoriesAdmin(db)).find((c) => c.id === id);
  if (!found) throw new CommerceError('NOT_FOUND', `Category ${id} does not exist.`);
  return found;
}

/**
 * Locks a category's row for this transaction. `for no key update`: it serialises this module's
 * writers but not a product save, which links products to the category (a foreign key check,
 * `for key share`) while holding the product's own row lock; the two could deadlock otherwise.
 */
async function lockCategory(
  tx: Database,
  id: number,
): Promise<{ id: number; parentId: number | null; name: string; handle: string }> {
  const row = await firstRow<{
    id: number;
    parent_id: number | null;
    name: string;
    handle: string;
  }>(
    tx,
    sql`select id, parent_id, name, handle from categories where id = ${id} for no key update`,
  );
  if (!row) throw new CommerceError('NOT_FOUND', `Category ${id} does not exist.`);
  return {
    id: Number(row.id),
    parentId: row.parent_id === null ? null : Number(row.parent_id),
    name: row.name,
    handle: row.handle,
  };
}

async function assertParentExists(tx: Database, parentId: number | null): Promise<void> {
  if (parentId === null) return;
  const row = await firstRow(tx, sql`select 1 from categories where id = ${parentId}`);
  if (!row)
    throw new CommerceError(
      'INVALID_INPUT',
      `There is no category with id ${parentId} to put it under.`,
    );
}

/** One name per parent: a second "Shoes" beside the first is a double submit or a mistake. */
async function assertNameFree(
  tx: Database,
  params: { name: string; parentId: number | null; exceptId: number | null },
): Promise<void> {
  const twin = await firstRow<{ id: number }>(
    tx,
    sql`select id from categories
         where parent_id is not distinct from ${params.parentId} and lower(name) = lower(${params.name})
           and id is distinct from ${params.exceptId} limit 1`,
  );
  if (twin)
    throw new CommerceError(
      'CONFLICT',
      `A category named "${params.name}" already exists ${params.parentId === null ? 'at the top level' : 'under the same parent'}; choose another name.`,
    );
}

/** Products linked to the category or to any category below it. */
async function productsUnder(tx: Database, categoryId: number): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    tx,
    sql`
    with recursive sub as (
      select id, 0 as depth from categories where id = ${categoryId}
      union all
      select c.id, sub.depth + 1 from categories c join sub on c.parent_id = sub.id where sub.depth < 64
    )
    select distinct product_id as id from product_categories
     where category_id in (select id from sub) order by 1`,
  );
  return rows.map((r) => Number(r.id));
}

/** Creates a category, last among its siblings, its handle made from the name unless given. */
export async function createCategory(
  db: Database,
  input: { name: string; handle?: string | undefined; parentId: number | null },
  deps: Deps = {},
): Promise<AdminCategory> {
  return createGroup(
    db,
    'categories',
    {
      name: input.name,
      chosen: input.handle,
      async check(tx) {
        await assertParentExists(tx, input.parentId);
        await assertNameFree(tx, { name: input.name, parentId: input.parentId, exceptId: null });
      },
      insert: (handle) =>
        sql`insert into categories (parent_id, handle, name, position)
            values (${input.parentId}, ${handle}, ${input.name},
                    (select count(*)::int from categories
                      where parent_id is not distinct from ${input.parentId}))
            returning id`,
      read: getCategoryAdmin,
    },
    deps,
  );
}

/**
 * Renames a category or changes its handle. Old links under the previous handle are not
 * redirected (categories keep no redirects): the storefront answers 404 for them.
 */
export async function updateCategory(
  db: Database,
  input: { id: number; name?: string | undefined; handle?: string | undefined },
  deps: Deps = {},
): Promise<AdminCategory> {
  return catchingTakenHandle(
    'categories',
    () => input.handle,
    () =>
      changeGroup(
        db,
        'categories',
        input.id,
        {
          lock: lockCategory,
          read: getCategoryAdmin,
          async write(tx, current) {
            const name = input.name ?? current.name;
            if (input.name !== undefined)
              await assertNameFree(tx, { name, parentId: current.parentId, exceptId: current.id });
            const handle = await editedHandle(tx, 'categories', {
              id: current.id,
              current: current.handle,
              chosen: input.handle,
              name,
            });
            await tx.execute(
              sql`update categories set name = ${name}, handle = ${handle} where id = ${current.id}`,
            );
            // Documents hold the names and handles of their categories and ancestors.
            const changed = name !== current.name || handle !== current.handle;
            return changed ? productsUnder(tx, current.id) : [];
          },
          after: (tx) => getCategoryAdmin(tx, input.id),
        },
        deps,
      ),
  );
}

/**
 * Puts a category under another parent (or at the top level), at `position` among its new
 * siblings (absent: last). A category cannot go under itself or one of its descendants: the
 * parent's path to the root is read in SQL under the tree's lock, so two moves at once cannot
 * make a cycle between them either.
 */
export async function moveCategory(
  db: Database,
  input: { id: number; parentId: number | null; position?: number | undefined },
  deps: Deps = {},
): Promise<AdminCategory> {
  return changeGroup(
    db,
    'categories',
    input.id,
    {
      lock: lockCategory,
      read: getCategoryAdmin,
      async write(tx, current) {
        await assertParentExists(tx, input.parentId);
        if (input.parentId !== null) {
          const cycle = await firstRow(
            tx,
            sql`
            with recursive up as (
              select id, parent_id, 0 as depth from categories where id = ${input.parentId}
              union all
              select c.id, c.parent_id, up.depth + 1 from categories c join up on c.id = up.parent_id
               where up.depth < 64
            )
            select 1 from up where id = ${current.id} limit 1`,
          );
          if (cycle)
            throw new CommerceError(
              'INVALID_INPUT',
              input.parentId === current.id
                ? `"${current.name}" cannot be put under itself.`
                : `"${current.name}" cannot be put under one of its own subcategories.`,
            );
        }
        const to: GroupPlacement = input.position ?? 100_000;
        if (input.parentId === current.parentId) {
          await reorder(tx, { table: 'categories', parentId: current.parentId }, current.id, to);
          return [];
        }
        await assertNameFree(tx, {
          name: current.name,
          parentId: input.parentId,
          exceptId: current.id,
        });
        await tx.execute(
          sql`update categories set parent_id = ${input.parentId} where id = ${current.id}`,
        );
        // The old siblings close the gap; the new ones make room.
        const oldSet = { table: 'categories' as const, parentId: current.parentId };
        await writeOrder(tx, oldSet, await orderedIds(tx, oldSet));
        const newSet = { table: 'categories' as const, parentId: input.parentId };
        const others = (await orderedIds(tx, newSet)).filter((id) => id !== current.id);
        await writeOrder(tx, newSet, placeInOrder(others, current.id, to));
        // Documents list every ancestor's handle and the path's names: both changed.
        return productsUnder(tx, current.id);
      },
      after: (tx) => getCategoryAdmin(tx, input.id),
    },
    deps,
  );
}

/** Moves a category up, down or to a position among its siblings. */
export async function reorderCategory(
  db: Database,
  input: { id: number; to: GroupPlacement },
  deps: Deps = {},
): Promise<AdminCategory> {
  return changeGroup(
    db,
    'categories',
    input.id,
    {
      lock: lockCategory,
      read: getCategoryAdmin,
      async write(tx, current) {
        await reorder(
          tx,
          { table: 'categories', parentId: current.parentId },
          current.id,
          input.to,
        );
        return [];
      },
      after: (tx) => getCategoryAdmin(tx, input.id),
    },
    deps,
  );
}

/**
 * Deletes a category that has no subcategories (move or delete those first). Its products lose
 * the link and stay otherwise as they are; orders keep their own copy of what was bought.
 */
export async function deleteCategory(
  db: Database,
  input: { id: number },
  deps: Deps = {},
): Promise<{ id: number }> {
  await changeGroup(
    db,
    'categories',
    input.id,
    {
      lock: lockCategory,
      read: getCategoryAdmin,
      async write(tx, current, before) {
        const children = before.childCount;
        if (children > 0)
          throw new CommerceError(
            'CONFLICT',
            `"${current.name}" has ${children} ${children === 1 ? 'subcategory' : 'subcategories'}; move or delete ${children === 1 ? 'it' : 'them'} first.`,
          );
        const products = await productsUnder(tx, current.id);
        await tx.execute(sql`delete from categories where id = ${current.id}`);
        const set = { table: 'categories' as const, parentId: current.parentId };
        await writeOrder(tx, set, await orderedIds(tx, set));
        return products;
      },
      after: () => Promise.resolve(null),
    },
    deps,
  );
  return { id: input.id };
}

// ---- collections ----

const collectionSelect = sql`
  select c.id, c.handle, c.title, c.description, c.position,
         (select count(*)::int from collection_products cp where cp.collection_id = c.id) as product_count
    from collections c`;

interface CollectionRow {
  id: number;
  handle: string;
  title: string;
  description: string;
  position: number;
  product_count: number;
}

const toCollection = (r: CollectionRow): AdminCollection => ({
  id: Number(r.id),
  handle: r.handle,
  title: r.title,
  description: r.description,
  position: Number(r.position),
  productCount: Number(r.product_count),
});

/** Every collection in the merchant's order. */
export async function listCollectionsAdmin(db: Database): Promise<AdminCollection[]> {
  const rows = await queryRows<CollectionRow>(
    db,
    sql`${collectionSelect} order by c.position, c.id`,
  );
  return rows.map(toCollection);
}

/** One collection with its products in their order. */
export async function getCollectionAdmin(db: Database, id: number): Promise<AdminCollectionDetail> {
  const row = await firstRow<CollectionRow>(db, sql`${collectionSelect} where c.id = ${id}`);
  if (!row) throw new CommerceError('NOT_FOUND', `Collection ${id} does not exist.`);
  const products = await queryRows<{
    product_id: number;
    handle: string;
    title: string;
    status: ProductStatus;
    position: number;
  }>(
    db,
    sql`select cp.product_id, p.handle, p.title, p.status, cp.position
          from collection_products cp join products p on p.id = cp.product_id
         where cp.collection_id = ${id} order by cp.position, cp.product_id`,
  );
  return {
    ...toCollection(row),
    products: products.map((p) => ({
      productId: Number(p.product_id),
      handle: p.handle,
      title: p.title,
      status: p.status,
      position: Number(p.position),
    })),
  };
}

/** Locks a collection's row (its products' order): `for no key update`, as `lockCategory`. */
async function lockCollection(
  tx: Database,
  id: number,
): Promise<{ title: string; handle: string }> {
  const row = await firstRow<{ title: string; handle: string }>(
    tx,
    sql`select title, handle from collections where id = ${id} for no key update`,
  );
  if (!row) throw new CommerceError('NOT_FOUND', `Collection ${id} does not exist.`);
  return row;
}

async function assertTitleFree(tx: Database, title: string, exceptId: number | null) {
  const twin = await firstRow(
    tx,
    sql`select 1 from collections where lower(title) = lower(${title})
         and id is distinct from ${exceptId} limit 1`,
  );
  if (twin)
    throw new CommerceError(
      'CONFLICT',
      `A collection titled "${title}" already exists; choose another title.`,
    );
}

async function memberIds(tx: Database, collectionId: number): Promise<number[]> {
  return orderedIds(tx, { table: 'collection_products', collectionId });
}

/** Creates a collection, last in the list, its handle made from the title unless given. */
export async function createCollection(
  db: Database,
  input: { title: string; handle?: string | undefined; description: string },
  deps: Deps = {},
): Promise<AdminCollectionDetail> {
  return createGroup(
    db,
    'collections',
    {
      name: input.title,
      chosen: input.handle,
      check: (tx) => assertTitleFree(tx, input.title, null),
      insert: (handle) =>
        sql`insert into collections (handle, title, description, position)
            values (${handle}, ${input.title}, ${input.description},
                    (select count(*)::int from collections))
            returning id`,
      read: getCollectionAdmin,
    },
    deps,
  );
}

/** Changes a collection's title, handle or description (absent fields are unchanged). */
export async function updateCollection(
  db: Database,
  input: {
    id: number;
    title?: string | undefined;
    handle?: string | undefined;
    description?: string | undefined;
  },
  deps: Deps = {},
): Promise<AdminCollectionDetail> {
  return catchingTakenHandle(
    'collections',
    () => input.handle,
    () =>
      changeGroup(
        db,
        'collections',
        input.id,
        {
          lock: lockCollection,
          read: getCollectionAdmin,
          async write(tx, current) {
            const title = input.title ?? current.title;
            if (input.title !== undefined) await assertTitleFree(tx, title, input.id);
            const handle = await editedHandle(tx, 'collections', {
              id: input.id,
              current: current.handle,
              chosen: input.handle,
              name: title,
            });
            await tx.execute(sql`
              update collections set title = ${title}, handle = ${handle},
                     description = coalesce(${input.description ?? null}, description)
               where id = ${input.id}`);
            // Documents hold collections' handles, not their titles.
            return handle === current.handle ? [] : memberIds(tx, input.id);
          },
          after: (tx) => getCollectionAdmin(tx, input.id),
        },
        deps,
      ),
  );
}

/** Deletes a collection; its products stay, out of it. */
export async function deleteCollection(
  db: Database,
  input: { id: number },
  deps: Deps = {},
): Promise<{ id: number }> {
  await changeGroup(
    db,
    'collections',
    input.id,
    {
      lock: lockCollection,
      read: getCollectionAdmin,
      async write(tx, _row, before) {
        await tx.execute(sql`delete from collections where id = ${input.id}`);
        const set = { table: 'collections' as const };
        await writeOrder(tx, set, await orderedIds(tx, set));
        return before.products.map((p) => p.productId);
      },
      after: () => Promise.resolve(null),
    },
    deps,
  );
  return { id: input.id };
}

/** One collection as the list shows it (no products). */
async function listedCollection(tx: Database, id: number): Promise<AdminCollection> {
  const found = (await listCollectionsAdmin(tx)).find((c) => c.id === id);
  if (!found) throw new CommerceError('NOT_FOUND', `Collection ${id} does not exist.`);
  return found;
}

/** Moves a collection up, down or to a position in the list. */
export async function reorderCollection(
  db: Database,
  input: { id: number; to: GroupPlacement },
  deps: Deps = {},
): Promise<AdminCollection> {
  return changeGroup(
    db,
    'collections',
    input.id,
    {
      lock: lockCollection,
      read: listedCollection,
      async write(tx) {
        await reorder(tx, { table: 'collections' }, input.id, input.to);
        return [];
      },
      after: (tx) => listedCollection(tx, input.id),
    },
    deps,
  );
}

/**
 * The collection's products before and after a change, for the audit log: ids in order. The
 * whole detail would repeat every title for a one-place move.
 */
async function membership(
  tx: Database,
  collectionId: number,
  write: () => Promise<void>,
  deps: Deps,
): Promise<AdminCollectionDetail> {
  const before = { productIds: await memberIds(tx, collectionId) };
  await write();
  const detail = await getCollectionAdmin(tx, collectionId);
  const after = { productIds: detail.products.map((p) => p.productId) };
  await deps.audit?.(tx, { targetType: 'collection', targetId: collectionId, before, after });
  return detail;
}

/** Adds a product to a collection, last; a product already in it is a CONFLICT. */
export async function addCollectionProduct(
  db: Database,
  input: { collectionId: number; productId: number },
  deps: Deps = {},
): Promise<AdminCollectionDetail> {
  return runTransaction(db, async (tx) => {
    const collection = await lockCollection(tx, input.collectionId);
    const product = await firstRow<{ title: string }>(
      tx,
      sql`select title from products where id = ${input.productId}`,
    );
    if (!product)
      throw new CommerceError('INVALID_INPUT', `There is no product with id ${input.productId}.`);
    return membership(
      tx,
      input.collectionId,
      async () => {
        const ids = await memberIds(tx, input.collectionId);
        if (ids.includes(input.productId))
          throw new CommerceError(
            'CONFLICT',
            `"${product.title}" is already in the collection "${collection.title}".`,
          );
        await tx.execute(sql`
          insert into collection_products (collection_id, product_id, position)
          values (${input.collectionId}, ${input.productId}, ${ids.length})`);
        await writeOrder(tx, { table: 'collection_products', collectionId: input.collectionId }, [
          ...ids,
          input.productId,
        ]);
        await announce(tx, [input.productId]);
      },
      deps,
    );
  });
}

/** Takes a product out of a collection; one not in it (removed already) is a CONFLICT. */
export async function removeCollectionProduct(
  db: Database,
  input: { collectionId: number; productId: number },
  deps: Deps = {},
): Promise<AdminCollectionDetail> {
  return runTransaction(db, async (tx) => {
    const collection = await lockCollection(tx, input.collectionId);
    return membership(
      tx,
      input.collectionId,
      async () => {
        const ids = await memberIds(tx, input.collectionId);
        if (!ids.includes(input.productId))
          throw new CommerceError(
            'CONFLICT',
            `Product ${input.productId} is not in the collection "${collection.title}" (removed already?).`,
          );
        await tx.execute(sql`
          delete from collection_products
           where collection_id = ${input.collectionId} and product_id = ${input.productId}`);
        await writeOrder(
          tx,
          { table: 'collection_products', collectionId: input.collectionId },
          ids.filter((id) => id !== input.productId),
        );
        await announce(tx, [input.productId]);
      },
      deps,
    );
  });
}

/** Moves a product up, down or to a position within the collection's manual order. */
export async function reorderCollectionProduct(
  db: Database,
  input: { collectionId: number; productId: number; to: GroupPlacement },
  deps: Deps = {},
): Promise<AdminCollectionDetail> {
  return runTransaction(db, async (tx) => {
    const collection = await lockCollection(tx, input.collectionId);
    return membership(
      tx,
      input.collectionId,
      async () => {
        const set = { table: 'collection_products' as const, collectionId: input.collectionId };
        const ids = await orderedIds(tx, set);
        if (!ids.includes(input.productId))
          throw new CommerceError(
            'CONFLICT',
            `Product ${input.productId} is not in the collection "${collection.title}".`,
          );
        await writeOrder(tx, set, placeInOrder(ids, input.productId, input.to));
        await announce(tx, []);
      },
      deps,
    );
  });
}
