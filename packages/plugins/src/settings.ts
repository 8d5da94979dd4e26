import { sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { firstRow, queryRows } from '@shop/db/query';
import { runTransaction } from '@shop/db/transaction';
import type { Logger } from '@shop/logger';
import type { Plugin } from './define';

type Json = Record<string, unknown>;

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `over` laid on `base`, nested objects merged key by key (arrays and values replace). A
 * `__proto__` key (an own key of parsed JSON) is dropped: assigned, it would become the merged
 * object's prototype, which the schema check reads but the stored JSON leaves out.
 */
export function mergeSettings(base: Json, over: Json): Json {
  const merged: Json = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (key === '__proto__') continue;
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

/**
 * Merges `changes` over what staff saved for a plugin and stores the result if `check` accepts
 * it (else throws what `check` throws, nothing saved). One plugin's saves are serialised by a
 * transaction lock, so two staff members saving different fields at once both keep theirs.
 */
export async function updateSavedSettings(
  db: Database,
  name: string,
  changes: Json,
  check: (next: Json) => void,
): Promise<Json> {
  return runTransaction(db, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`plugin_settings:${name}`}))`);
    const row = await firstRow<{ settings: unknown }>(
      tx,
      sql`select settings from plugin_settings where plugin = ${name}`,
    );
    const next = mergeSettings(isPlainObject(row?.settings) ? row.settings : {}, changes);
    check(next);
    await tx.execute(sql`
      insert into plugin_settings (plugin, settings) values (${name}, ${JSON.stringify(next)}::jsonb)
      on conflict (plugin) do update set settings = excluded.settings, updated_at = now()`);
    return next;
  });
}
