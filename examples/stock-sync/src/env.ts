/**
 * The sync's settings, from the environment: `SHOP_API_TOKEN` (required: a token with the
 * `stock:write` scope), `SHOP_ADMIN_URL` (default the admin in development,
 * http://localhost:3001) and `SHOP_SYNC_REASON` (what the shop logs as the reason; default
 * `stock-sync`). Returns a sentence instead when something is missing or wrong.
 */
export function readSyncEnv(
  source: Record<string, string | undefined> = process.env,
): { ok: true; token: string; adminUrl: string; reason: string } | { ok: false; message: string } {
  const token = source.SHOP_API_TOKEN?.trim();
  if (!token)
    return {
      ok: false,
      message: 'SHOP_API_TOKEN is not set: create an API token with the stock:write scope.',
    };
  const adminUrl = source.SHOP_ADMIN_URL?.trim() || 'http://localhost:3001';
  if (!URL.canParse(adminUrl) || !/^https?:$/.test(new URL(adminUrl).protocol))
    return { ok: false, message: `SHOP_ADMIN_URL must be an http(s) URL (it is "${adminUrl}").` };
  return { ok: true, token, adminUrl, reason: source.SHOP_SYNC_REASON?.trim() || 'stock-sync' };
}
