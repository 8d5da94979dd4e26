import type { Database } from '@shop/db/client';
import type { TestShop } from '../../../core/test/shop';
import type { createAdminCaller } from '../../src/index';

/** The admin API as the owner calls it in a scenario (`admin.products.create(...)`). */
export type OwnerAdmin = ReturnType<typeof createAdminCaller>['admin'];

/** What a scenario step works with: a seeded shop and the owner's caller. */
export interface ScenarioContext {
  shop: TestShop;
  db: Database;
  admin: OwnerAdmin;
  /** Values an earlier step leaves for a later one (an id it created), by a name of its own. */
  state: Map<string, unknown>;
}

/**
 * One successful call of one admin mutation (`path` as the router names it:
 * `admin.products.create`). Steps run in the order their files list them, each after the ones
 * before it, and must succeed: the coverage test then finds an audit entry for every path.
 */
export interface MutationStep {
  path: string;
  run(ctx: ScenarioContext): Promise<unknown>;
}
