'use server';

import { revalidatePath } from 'next/cache';
import { withAdminApi } from '~/lib/admin-action';
import { changedSettings, settingsLeaves } from './settings-fields';

export type PluginSettingsResult = { ok: boolean; message: string } | null;

/**
 * Saves what staff changed in one plugin's form through `admin.plugins.settings.update`
 * (`settings:write`): only the fields that differ from the settings in force, so untouched
 * ones keep following the config. The plugin's schema judges them; its sentence is shown.
 */
export async function savePluginSettings(
  _previous: PluginSettingsResult,
  form: FormData,
): Promise<PluginSettingsResult> {
  const name = String(form.get('plugin') ?? '');
  return withAdminApi('plugin settings change', async (api) => {
    const plugin = (await api.admin.plugins.list()).find((p) => p.name === name);
    if (!plugin) return { ok: false, message: `There is no plugin named "${name}".` };
    const changes = changedSettings(settingsLeaves(plugin.settings), (path) => {
      const value = form.get(`setting:${path}`);
      return typeof value === 'string' ? value : null;
    });
    if (Object.keys(changes).length === 0) return { ok: true, message: 'Nothing changed.' };
    await api.admin.plugins.settings.update({ name, settings: changes });
    revalidatePath('/settings/plugins');
    return { ok: true, message: `Saved the settings of ${name}.` };
  });
}
