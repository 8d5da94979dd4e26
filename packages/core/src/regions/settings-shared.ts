import type { Database } from '@shop/db/client';
import { enqueueJob } from '@shop/db/jobs';
import { sqlState, violatedConstraint } from '@shop/db/transaction';
import { cacheTags } from '../cache-tags';
import { CommerceError } from '../errors';

/**
 * The storefront caches regions (the region selector, the region a `[region]` segment resolves
 * to) and every page priced in a region's currency under `cacheTags.catalog`. A change of a
 * region row asks every storefront replica to revalidate that tag: a `revalidate` job enqueued
 * in the change's own transaction (so it exists if and only if the change commits), under one
 * job key so a burst of edits is one refresh. Carts, checkout, shipping options and tax are
 * computed per request and need no refresh.
 */
export async function refreshRegionPages(tx: Database): Promise<void> {
  await enqueueJob(
    tx,
    'revalidate',
    { tags: [cacheTags.catalog] },
    { jobKey: 'revalidate:regions', jobKeyMode: 'replace' },
  );
}

/**
 * Runs a settings write and turns the constraint violations a concurrent request can cause into
 * sentences: a unique index a second submit lost (`unique`, by constraint name), or a foreign key
 * a row added meanwhile still holds (`referenced`: the delete found it referenced after all).
 * Nothing of the write committed, so nothing changed.
 */
export async function refusingConflicts<T>(
  write: () => Promise<T>,
  sentences: { unique?: Record<string, string>; referenced?: string },
): Promise<T> {
  try {
    return await write();
  } catch (err) {
    const state = sqlState(err);
    const constraint = violatedConstraint(err);
    const unique = state === '23505' && constraint ? sentences.unique?.[constraint] : undefined;
    if (unique) throw new CommerceError('CONFLICT', unique, { cause: err });
    if (state === '23503' && sentences.referenced)
      throw new CommerceError('CONFLICT', sentences.referenced, { cause: err });
    throw err;
  }
}

/** "1 cart", "3 orders". */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
