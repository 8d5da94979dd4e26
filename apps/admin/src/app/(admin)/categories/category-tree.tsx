'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { zHandle, type AdminCategory } from '@shop/validators';
import { ConfirmDialog } from '~/components/confirm-dialog';
import { TextField } from '~/components/form-fields';
import {
  createCategoryAction,
  deleteCategoryAction,
  moveCategoryAction,
  reorderCategoryAction,
  updateCategoryAction,
} from './actions';
import { OrderButtons, ResultText, useGroupAction, type GroupActionResult } from './group-controls';

/**
 * The category tree as staff edit it: one indented row per category, depth first in the
 * storefront's order, each with its moves (up, down, "Move to…" another parent), "Add
 * subcategory", "Rename" and "Delete" (asked first; refused while it has subcategories).
 */

/** The form's fields: a name and a handle, empty to make one from the name. */
const zCategoryFields = z.object({
  name: z.string().trim().min(1, 'A category needs a name').max(200, 'At most 200 characters'),
  handle: z.union([z.literal(''), zHandle]),
});
type CategoryFields = z.input<typeof zCategoryFields>;

/** The ids of a category and every category below it (the list is depth first). */
function subtreeIds(categories: readonly AdminCategory[], index: number): Set<number> {
  const root = categories[index];
  const ids = new Set<number>();
  if (!root) return ids;
  ids.add(root.id);
  for (let i = index + 1; i < categories.length; i++) {
    const c = categories[i];
    if (!c || c.depth <= root.depth) break;
    ids.add(c.id);
  }
  return ids;
}

/** A category's name and handle (a new one, under `parentId`, or an existing one's rename). */
export function CategoryForm({
  idPrefix,
  category,
  parentId,
  parentName,
  parentChoices,
  onDone,
}: {
  idPrefix: string;
  category?: AdminCategory;
  parentId?: number | null;
  /** The fixed parent's name, for the form's accessible name. */
  parentName?: string;
  /** Offered as the new category's parent (the page's form); absent: `parentId` is fixed. */
  parentChoices?: readonly AdminCategory[];
  onDone?: (result: GroupActionResult) => void;
}) {
  const router = useRouter();
  const [result, setResult] = useState<GroupActionResult | null>(null);
  const [parent, setParent] = useState<string>(parentId ? String(parentId) : '');
  const form = useForm<CategoryFields>({
    resolver: zodResolver(zCategoryFields),
    defaultValues: { name: category?.name ?? '', handle: category?.handle ?? '' },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    const handle = values.handle.trim();
    const answer = category
      ? await updateCategoryAction({
          id: category.id,
          name: values.name,
          ...(handle ? { handle } : {}),
        })
      : await createCategoryAction({
          name: values.name,
          handle,
          parentId: parentChoices ? (parent ? Number(parent) : null) : (parentId ?? null),
        });
    setResult(answer);
    if (answer.ok && !category) form.reset({ name: '', handle: '' });
    if (answer.ok) router.refresh();
    onDone?.(answer);
  });
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="space-y-2"
      aria-label={
        category
          ? `Rename ${category.name}`
          : parentName
            ? `New subcategory of ${parentName}`
            : 'New category'
      }
    >
      <div className="grid gap-2 sm:grid-cols-3">
        <TextField
          id={`${idPrefix}-name`}
          label="Name"
          autoComplete="off"
          error={errors.name?.message}
          {...form.register('name')}
        />
        <TextField
          id={`${idPrefix}-handle`}
          label={category ? 'Handle' : 'Handle (empty: made from the name)'}
          autoComplete="off"
          className="input w-full font-mono"
          error={errors.handle?.message}
          {...form.register('handle')}
        />
        {parentChoices ? (
          <div className="space-y-1">
            <label htmlFor={`${idPrefix}-parent`} className="block font-medium">
              Parent
            </label>
            <select
              id={`${idPrefix}-parent`}
              className="input w-full"
              value={parent}
              onChange={(e) => setParent(e.target.value)}
            >
              <option value="">Top level</option>
              {parentChoices.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.path}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      <button type="submit" className="button-primary" disabled={isSubmitting}>
        {isSubmitting ? 'Saving…' : category ? 'Save' : 'Add category'}
      </button>
      <ResultText result={result} />
    </form>
  );
}

export function CategoryTree({
  categories,
  canWrite,
}: {
  categories: readonly AdminCategory[];
  canWrite: boolean;
}) {
  const action = useGroupAction();
  if (categories.length === 0) return <p className="text-neutral-600">No categories yet.</p>;
  return (
    <div className="space-y-2">
      <ResultText result={action.result} />
      <ul
        className="divide-y divide-neutral-100 rounded-lg border border-neutral-200 bg-white"
        aria-label="Category tree"
      >
        {categories.map((category, index) => (
          <CategoryRow
            key={category.id}
            category={category}
            categories={categories}
            index={index}
            canWrite={canWrite}
            action={action}
          />
        ))}
      </ul>
    </div>
  );
}

function CategoryRow({
  category,
  categories,
  index,
  canWrite,
  action,
}: {
  category: AdminCategory;
  categories: readonly AdminCategory[];
  index: number;
  canWrite: boolean;
  action: ReturnType<typeof useGroupAction>;
}) {
  const [open, setOpen] = useState<'rename' | 'child' | null>(null);
  const [target, setTarget] = useState('');
  const moveId = useId();
  const siblings = categories.filter((c) => c.parentId === category.parentId).length;
  const below = subtreeIds(categories, index);
  const parents = categories.filter((c) => !below.has(c.id) && c.id !== category.parentId);
  const finish = (result: GroupActionResult) => {
    action.setResult(result);
    if (result.ok) setOpen(null);
  };
  return (
    <li data-testid="category-row" data-handle={category.handle} className="space-y-2 px-3 py-2">
      <div
        className="flex flex-wrap items-center gap-x-3 gap-y-2"
        style={{ paddingLeft: `${category.depth * 1.5}rem` }}
      >
        <span className="font-medium">
          {category.depth > 0 ? (
            <span aria-hidden="true" className="text-neutral-400">
              └{' '}
            </span>
          ) : null}
          {category.name}
        </span>
        <span className="font-mono text-xs text-neutral-600">{category.handle}</span>
        <span className="text-xs text-neutral-600">
          {category.productCount} {category.productCount === 1 ? 'product' : 'products'}
        </span>
        {canWrite ? (
          <span className="ml-auto flex flex-wrap items-center gap-2">
            <OrderButtons
              name={category.name}
              index={category.position}
              count={siblings}
              disabled={action.pending}
              onMove={(position) => action.run(() => reorderCategoryAction(category.id, position))}
            />
            <label htmlFor={moveId} className="sr-only">
              Move {category.name} to
            </label>
            <select
              id={moveId}
              className="input w-44"
              value={target}
              onChange={(e) => setTarget(e.target.value)}
            >
              <option value="">Move to…</option>
              {category.parentId !== null ? <option value="root">Top level</option> : null}
              {parents.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.path}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button-secondary"
              aria-label={`Move ${category.name}`}
              disabled={action.pending || target === ''}
              onClick={() =>
                action.run(async () => {
                  const answer = await moveCategoryAction({
                    id: category.id,
                    parentId: target === 'root' ? null : Number(target),
                  });
                  if (answer.ok) setTarget('');
                  return answer;
                })
              }
            >
              Move
            </button>
            <button
              type="button"
              className="button-secondary"
              aria-expanded={open === 'child'}
              aria-label={`Add a subcategory to ${category.name}`}
              onClick={() => setOpen(open === 'child' ? null : 'child')}
            >
              Add subcategory
            </button>
            <button
              type="button"
              className="button-secondary"
              aria-expanded={open === 'rename'}
              aria-label={`Rename ${category.name}`}
              onClick={() => setOpen(open === 'rename' ? null : 'rename')}
            >
              Rename
            </button>
            <ConfirmDialog
              trigger="Delete"
              triggerLabel={`Delete ${category.name}`}
              title={`Delete ${category.name}?`}
              description={
                category.childCount > 0
                  ? `It has ${category.childCount} ${category.childCount === 1 ? 'subcategory' : 'subcategories'}: move or delete them first.`
                  : `Its ${category.productCount} ${category.productCount === 1 ? 'product leaves' : 'products leave'} it and stay in the shop; orders are not changed.`
              }
              confirmLabel="Delete"
              pendingLabel="Deleting…"
              onConfirm={async () => {
                const answer = await deleteCategoryAction(category.id, category.name);
                if (!answer.ok) return answer.message;
                action.setResult(answer);
                action.refresh();
                return null;
              }}
            />
          </span>
        ) : null}
      </div>
      {open ? (
        <div style={{ paddingLeft: `${category.depth * 1.5 + 1.5}rem` }}>
          {open === 'rename' ? (
            <CategoryForm idPrefix={`rename-${category.id}`} category={category} onDone={finish} />
          ) : (
            <CategoryForm
              idPrefix={`child-${category.id}`}
              parentId={category.id}
              parentName={category.name}
              onDone={finish}
            />
          )}
        </div>
      ) : null}
    </li>
  );
}
