import { CommerceError } from '@shop/core';
import { zAdminPlugin, zAdminPluginSettingsInput } from '@shop/validators';
import { z } from 'zod';
import { router, staffProcedure } from '../trpc/admin';

function noPlugin(name: string): never {
  throw new CommerceError('NOT_FOUND', `There is no plugin named "${name}".`);
}

/**
 * `admin.plugins.*`: the plugins of `shop.config.ts` and their settings (thresholds). Reading
 * and saving both need `settings:write`: settings change how every order is judged. A setting
 * the plugin's schema refuses is a 400 with the schema's sentence and saves nothing.
 */
export const adminPluginsRouter = router({
  list: staffProcedure('settings:write')
    .output(z.array(zAdminPlugin))
    .query(({ ctx }) => ctx.plugins?.list() ?? []),
  settings: router({
    update: staffProcedure('settings:write')
      .input(zAdminPluginSettingsInput)
      .output(zAdminPlugin)
      .mutation(({ ctx, input }) =>
        ctx.plugins ? ctx.plugins.updateSettings(input.name, input.settings) : noPlugin(input.name),
      ),
  }),
});
