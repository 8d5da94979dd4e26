'use server';

import { revalidatePath } from 'next/cache';
import { zApiTokenScope, type ApiTokenScope } from '@shop/validators';
import { withAdminApi } from '~/lib/admin-action';
import { parseId } from '~/lib/ids';

export type CreateTokenResult =
  { ok: true; name: string; token: string } | { ok: false; message: string } | null;
export type RevokeTokenResult = { ok: true } | { ok: false; message: string } | null;

/** The form's lifetimes, in days; "never" (or anything else) means until revoked. */
const LIFETIMES = new Set(['30', '90', '365']);
const DAY_MS = 86_400_000;

/** The scopes ticked in the form; unknown values are dropped (the router refuses none left). */
function scopesOf(form: FormData): ApiTokenScope[] {
  return form.getAll('scopes').flatMap((v) => {
    const parsed = zApiTokenScope.safeParse(v);
    return parsed.success ? [parsed.data] : [];
  });
}

/**
 * Creates a token through `admin.tokens.create` as the signed-in owner. The token's text goes
 * back to this one form state and nowhere else (not the page, not the cache): once the page is
 * left or reloaded it cannot be shown again.
 */
export async function createToken(
  _previous: CreateTokenResult,
  form: FormData,
): Promise<CreateTokenResult> {
  const lifetime = String(form.get('lifetime') ?? '');
  return withAdminApi('API token create', async (api) => {
    const { token, view } = await api.admin.tokens.create({
      name: String(form.get('name') ?? ''),
      scopes: scopesOf(form),
      ...(LIFETIMES.has(lifetime)
        ? { expiresAt: new Date(Date.now() + Number(lifetime) * DAY_MS) }
        : {}),
    });
    revalidatePath('/settings/tokens');
    return { ok: true, name: view.name, token };
  });
}

/** Revokes a token (`admin.tokens.revoke`): its next call is refused. Revoking twice is fine. */
export async function revokeToken(
  _previous: RevokeTokenResult,
  form: FormData,
): Promise<RevokeTokenResult> {
  const id = parseId(form.get('id'));
  if (id === null) return { ok: false, message: 'No token to revoke.' };
  return withAdminApi('API token revoke', async (api) => {
    await api.admin.tokens.revoke({ id });
    revalidatePath('/settings/tokens');
    return { ok: true };
  });
}
