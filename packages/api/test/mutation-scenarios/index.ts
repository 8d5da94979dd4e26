import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { StaffMember } from '@shop/core';
import { captureLogger, type LogLine } from '@shop/logger/testing';
import { createLocalStorage } from '@shop/storage';
import type { TestShop } from '../../../core/test/shop';
import { createAdminCaller, createAdminContext } from '../../src/index';
import { apiShop } from '../shop';
import { steps as catalog } from './catalog';
import { steps as catalogGroups } from './catalog-groups';
import { steps as discounts } from './discounts';
import { steps as orders } from './orders';
import { scenarioPlugins, steps as plugins } from './plugins';
import { steps as search } from './search';
import { steps as settings } from './settings';
import { steps as staff } from './staff';
import { ENVIRONMENT, keep } from './state';
import { steps as stock } from './stock';
import { steps as tokens } from './tokens';
import type { MutationStep, ScenarioContext } from './types';
import { scenarioWebhooks, steps as webhooks } from './webhooks';

export type { MutationStep, ScenarioContext } from './types';

/**
 * One successful call of every admin mutation, in the order they run (a later step may use what
 * an earlier one made). A new admin mutation gets its step in its area's file, listed here.
 */
export const steps: readonly MutationStep[] = [
  ...catalog,
  ...catalogGroups,
  ...orders,
  ...stock,
  ...discounts,
  ...staff,
  ...tokens,
  ...webhooks,
  ...plugins,
  ...search,
  ...settings,
];

export interface Scenario {
  ctx: ScenarioContext;
  /** What the context logged (an audit row that could not be written is a warning there). */
  log: LogLine[];
  /** Removes the scenario's files. */
  close(): Promise<void>;
}

/**
 * The owner's admin as the steps need it: the Shop's storage in a temporary directory, its
 * plugins (`scenarioPlugins`), webhook URLs allowed to a local receiver, and a logger kept in
 * memory. `owner` must be a row of staff_users (tokens and invitations name their creator).
 */
export async function openScenario(shop: TestShop, owner: StaffMember): Promise<Scenario> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'shop-audit-scenario-'));
  const storage = createLocalStorage({ root });
  const { logger, lines } = captureLogger();
  const context = createAdminContext(
    apiShop(shop, { storage, logger, plugins: scenarioPlugins(shop.db, logger) }),
    { getStaff: () => Promise.resolve(owner) },
    { webhooks: scenarioWebhooks },
  );
  const ctx: ScenarioContext = {
    shop,
    db: shop.db,
    admin: createAdminCaller(context).admin,
    state: new Map(),
  };
  keep(ctx, ENVIRONMENT, { owner, storage, logger });
  return {
    ctx,
    log: lines,
    close: () => fs.rm(root, { recursive: true, force: true }),
  };
}
