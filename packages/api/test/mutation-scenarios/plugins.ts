import { systemClock } from '@shop/core';
import type { Database } from '@shop/db/client';
import type { Logger } from '@shop/logger';
import { definePlugin, pluginHost } from '@shop/plugins';
import { z } from 'zod';
import type { ApiPlugins } from '../../src/trpc/shared';
import type { MutationStep } from './types';

/** The plugin the scenario's shop runs: one setting, so there is something to save. */
const orderLimits = definePlugin({
  name: 'order-limits',
  settings: z.strictObject({ max: z.number().int().min(1, 'max must be at least 1').default(10) }),
});

/** The context's plugins (`createAdminContext` reads them from the Shop): the one above. */
export function scenarioPlugins(db: Database, logger: Logger): ApiPlugins {
  return pluginHost([orderLimits()], { db, logger, clock: systemClock });
}

/** `admin.plugins.*`. */
export const steps: MutationStep[] = [
  {
    path: 'admin.plugins.settings.update',
    run: (ctx) => ctx.admin.plugins.settings.update({ name: 'order-limits', settings: { max: 4 } }),
  },
];
