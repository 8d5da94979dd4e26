/**
 * A plugin's settings as form fields: every leaf (number, boolean, text) of the settings in
 * force, by its dotted path, so one generic form edits any plugin's schema. The plugin's own
 * schema stays the judge (the router answers with its sentence).
 */
export type SettingsLeaf =
  | { path: string; kind: 'number'; value: number }
  | { path: string; kind: 'boolean'; value: boolean }
  | { path: string; kind: 'text'; value: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function settingsLeaves(settings: Record<string, unknown>, prefix = ''): SettingsLeaf[] {
  return Object.entries(settings).flatMap(([key, value]): SettingsLeaf[] => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isObject(value)) return settingsLeaves(value, path);
    if (typeof value === 'number') return [{ path, kind: 'number', value }];
    if (typeof value === 'boolean') return [{ path, kind: 'boolean', value }];
    if (typeof value === 'string') return [{ path, kind: 'text', value }];
    return [];
  });
}

/** "emailVelocity.windowMinutes" → "Window minutes" (the last key, in words). */
export function leafLabel(path: string): string {
  const key = path.split('.').at(-1) ?? path;
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "emailVelocity.windowMinutes" → "Email velocity" (the group a leaf is shown under). */
export function groupLabel(path: string): string | null {
  const parts = path.split('.');
  return parts.length > 1 ? leafLabel(parts.slice(0, -1).join('.')) : null;
}

/**
 * The changes a submitted form makes to the settings in force, as a nested object of only the
 * leaves that differ (so what staff did not touch keeps following the config's defaults). A
 * number field that is not a number is sent as its text, for the schema to refuse by name.
 */
export function changedSettings(
  leaves: readonly SettingsLeaf[],
  read: (path: string) => string | null,
): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const leaf of leaves) {
    const raw = read(leaf.path);
    const next =
      leaf.kind === 'boolean'
        ? raw !== null
        : leaf.kind === 'number'
          ? /^-?\d+(\.\d+)?$/.test((raw ?? '').trim())
            ? Number(raw)
            : (raw ?? '')
          : (raw ?? '');
    if (next === leaf.value) continue;
    const keys = leaf.path.split('.');
    let node = changes;
    for (const key of keys.slice(0, -1)) {
      const child = node[key];
      node = isObject(child) ? child : (node[key] = {});
    }
    const last = keys.at(-1);
    if (last !== undefined) node[last] = next;
  }
  return changes;
}
