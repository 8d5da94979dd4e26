'use server';

import { TRPCError } from '@trpc/server';
import type { AdminProduct, ProductUpdateInput } from '@shop/validators';
import { getAdminApi } from '~/server/api';
import { priceFieldKey, type FieldErrors } from './fields';

export type SaveProductResult =
  { ok: true; product: AdminProduct } | { ok: false; message: string; fieldErrors: FieldErrors };

/**
 * Saves the edit form through `admin.products.update`, as the signed-in staff member (no
 * session: redirect to /sign-in). The router validates the input and checks the permission;
 * its validation issues come back keyed by form field so they show next to the inputs.
 */
export async function saveProduct(input: ProductUpdateInput): Promise<SaveProductResult> {
  const api = await getAdminApi();
  try {
    return { ok: true, product: await api.admin.products.update(input) };
  } catch (err) {
    if (!(err instanceof TRPCError)) throw err;
    if (err.code === 'BAD_REQUEST') {
      const fieldErrors = issuesOf(err.cause).reduce<FieldErrors>((acc, issue) => {
        const key = fieldKeyFor(input, issue.path);
        if (key && !acc[key]) acc[key] = issue.message;
        return acc;
      }, {});
      return { ok: false, message: err.message, fieldErrors };
    }
    return { ok: false, message: err.message, fieldErrors: {} };
  }
}

type Issue = { path: ReadonlyArray<PropertyKey>; message: string };

/** The zod issues behind a BAD_REQUEST (the router's input parser failed). */
function issuesOf(cause: unknown): Issue[] {
  if (
    typeof cause !== 'object' ||
    cause === null ||
    !('issues' in cause) ||
    !Array.isArray(cause.issues)
  )
    return [];
  return cause.issues.filter(
    (i: unknown): i is Issue =>
      typeof i === 'object' && i !== null && 'message' in i && 'path' in i && Array.isArray(i.path),
  );
}

function fieldKeyFor(input: ProductUpdateInput, path: ReadonlyArray<PropertyKey>): string | null {
  const [head, index, field] = path;
  if (head === 'title' || head === 'description') return head;
  if (head !== 'prices' || typeof index !== 'number') return null;
  const price = input.prices?.[index];
  if (!price) return null;
  return priceFieldKey(
    field === 'compareAtAmount' ? 'compareAt' : 'amount',
    price.variantId,
    price.currencyCode,
  );
}
