/**
 * A row id from a form field or a URL parameter: a positive integer of at most 15 digits (so
 * exact as a JS number), or null for anything else (missing, "0", "1e3", a file).
 */
export function parseId(value: unknown): number | null {
  return typeof value === 'string' && /^[1-9]\d{0,14}$/.test(value) ? Number(value) : null;
}
