import { z } from 'zod';

// Wire shapes of the admin's plugin settings (`admin.plugins.*`).

const zPluginName = z
  .string({ message: 'Name the plugin' })
  .regex(
    /^[a-z][a-z0-9-]{0,48}[a-z0-9]$/,
    'A plugin name is lower-case letters, digits and dashes',
  );

/** A plugin as staff see it: what it hooks into and the settings in force. */
export const zAdminPlugin = z.object({
  name: z.string(),
  checkout: z.boolean(),
  events: z.array(z.string()),
  onError: z.enum(['proceed', 'hold', 'refuse']),
  timeoutMs: z.number().int(),
  /** In force: the plugin's defaults ← the config file's ← what staff saved. */
  settings: z.record(z.string(), z.unknown()),
  /** What staff saved; null: the config's settings apply. */
  saved: z.record(z.string(), z.unknown()).nullable(),
});
export type AdminPlugin = z.infer<typeof zAdminPlugin>;

/** Settings to save, merged over what was saved; the plugin's own schema judges them. */
export const zAdminPluginSettingsInput = z.object({
  name: zPluginName,
  settings: z.record(z.string(), z.unknown(), { message: 'Settings are an object' }),
});
export type AdminPluginSettingsInput = z.infer<typeof zAdminPluginSettingsInput>;
