'use server';

import { revalidatePath } from 'next/cache';
import type {
  CategoryCreateInput,
  CategoryMoveInput,
  CategoryUpdateInput,
  GroupPlacement,
} from '@shop/validators';
import { withAdminApi, type Refused } from '~/lib/admin-action';

/** What a category action answers: a sentence to announce, or the router's refusal. */
export type CategoryActionResult = { ok: true; message: string } | Refused;

const done = (message: string) => {
  revalidatePath('/categories');
  return { ok: true as const, message };
};

/** Creates a category (`admin.categories.create`); a second submit meets "already exists". */
export async function createCategoryAction(
  input: CategoryCreateInput,
): Promise<CategoryActionResult> {
  return withAdminApi('category create', async (api) => {
    const c = await api.admin.categories.create(input);
    return done(`Category ${c.path} created (handle ${c.handle}).`);
  });
}

export async function updateCategoryAction(
  input: CategoryUpdateInput,
): Promise<CategoryActionResult> {
  return withAdminApi('category update', async (api) => {
    const c = await api.admin.categories.update(input);
    return done(`Category ${c.path} saved (handle ${c.handle}).`);
  });
}

/** Puts a category under another parent (or at the top level), last among its new siblings. */
export async function moveCategoryAction(input: CategoryMoveInput): Promise<CategoryActionResult> {
  return withAdminApi('category move', async (api) => {
    const c = await api.admin.categories.move(input);
    return done(`Moved: ${c.path}.`);
  });
}

/** Moves a category to a position among its siblings (the buttons send the target position). */
export async function reorderCategoryAction(
  id: number,
  to: GroupPlacement,
): Promise<CategoryActionResult> {
  return withAdminApi('category reorder', async (api) => {
    const c = await api.admin.categories.reorder({ id, to });
    return done(`${c.name} is now number ${c.position + 1} among its siblings.`);
  });
}

export async function deleteCategoryAction(
  id: number,
  name: string,
): Promise<CategoryActionResult> {
  return withAdminApi('category delete', async (api) => {
    await api.admin.categories.delete({ id });
    return done(`Category ${name} deleted.`);
  });
}
