import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { queryRows } from '@shop/db/query';
import type { Logger } from '@shop/logger';
import type { Plugin } from './define';

type Json = Record<string, unknown>;

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `over` laid on `base`, nested objects merged key by key (arrays and values replace). */
export function mergeSettings(base: Json, over: Json): Json {
  const merged: Json = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = merged[key];
    merged[key] =
      isPlainObject(current) && isPlainObject(value) ? mergeSettings(current, value) : value;
  }
  return merged;
}

/** Every plugin's saved settings (`plugin_settings`), by plugin name: one query. */
export async function loadSavedSettings(db: Database): Promise<Map<string, Json>> {
  const rows = await queryRows<{ plugin: string; settings: unknown }>(
    db,
    sql`select plugin, settings from plugin_settings`,
  );
  return new Map(rows.map((r) => [r.plugin, isPlainObject(r.settings) ? r.settings : {}]));
}

/**
 * A plugin's settings: its schema applied to its defaults ← the config's overrides ← what staff
 * saved. A saved row the schema no longer accepts (the plugin changed since) is logged and
 * ignored, so the plugin runs with the config's settings rather than not at all.
 */
export function resolveSettings(plugin: Plugin, saved: Json | undefined, logger: Logger): unknown {
  if (!plugin.settingsSchema) return {};
  const configured = plugin.settingsSchema.parse(plugin.overrides);
  if (!saved) return configured;
  const parsed = plugin.settingsSchema.safeParse(mergeSettings(plugin.overrides, saved));
  if (parsed.success) return parsed.data;
  logger.warn(
    { plugin: plugin.name, issues: parsed.error.issues },
    `the saved settings of plugin "${plugin.name}" no longer fit its schema; using the config's`,
  );
  return configured;
}

/** Stores staff's settings for a plugin (the whole object: what they saved is what applies). */
export async function saveSettings(db: Database, name: string, settings: Json): Promise<void> {
  await db.execute(sql`
    insert into plugin_settings (plugin, settings) values (${name}, ${JSON.stringify(settings)}::jsonb)
    on conflict (plugin) do update set settings = excluded.settings, updated_at = now()`);
}
