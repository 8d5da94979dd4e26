import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { apiTokens, staffUsers } from '@shop/db/schema';
import {
  zApiTokenScope,
  type ApiTokenCreated,
  type ApiTokenScope,
  type ApiTokenStatus,
  type ApiTokenView,
} from '@shop/validators';
import { CommerceError } from '../errors';
import { systemClock, type Clock } from '../ports/clock';
import type { StaffMember } from './permissions';

/**
 * API tokens: credentials an integration (an ERP, a CRM) sends as `Authorization: Bearer …` to
 * call the admin API without a person signed in. The text is shown once, at creation; the
 * database keeps only its SHA-256, so a leaked backup or a read-only SQL session yields nothing
 * that authenticates. A plain hash (no salt, no slow KDF) is enough because the secret is 32
 * random bytes, not a password: there is nothing to guess, and the lookup by hash is one index
 * probe (a timing difference reveals nothing about a 256-bit secret).
 */
export const API_TOKEN_PREFIX = 'shop_pat_';
/** The prefix and 43 base64url characters: the 32 random bytes, unpadded. */
const TOKEN_FORMAT = /^shop_pat_[A-Za-z0-9_-]{43}$/;
/** How many of the token's characters the admin shows (the prefix and 4 of the secret). */
const DISPLAY_LENGTH = API_TOKEN_PREFIX.length + 4;
/** `last_used_at` is written at most this often per token: a busy sync makes no write storm. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Whether `text` has the shape of a token this shop issues (checked before any query). */
export function isApiTokenFormat(text: string): boolean {
  return TOKEN_FORMAT.test(text);
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const tokenColumns = {
  id: apiTokens.id,
  name: apiTokens.name,
  prefix: apiTokens.prefix,
  scopes: apiTokens.scopes,
  createdAt: apiTokens.createdAt,
  createdBy: staffUsers.email,
  lastUsedAt: apiTokens.lastUsedAt,
  expiresAt: apiTokens.expiresAt,
  revokedAt: apiTokens.revokedAt,
};
type TokenRow = Omit<ApiTokenView, 'status' | 'scopes'> & { scopes: string[] };

function statusOf(row: TokenRow, now: Date): ApiTokenStatus {
  if (row.revokedAt) return 'revoked';
  if (row.expiresAt && row.expiresAt <= now) return 'expired';
  return 'active';
}

/** Scopes as stored; a scope this version no longer knows is dropped, never granted. */
function knownScopes(scopes: readonly string[]): ApiTokenScope[] {
  return scopes.flatMap((s) => {
    const parsed = zApiTokenScope.safeParse(s);
    return parsed.success ? [parsed.data] : [];
  });
}

function toView(row: TokenRow, now: Date): ApiTokenView {
  return { ...row, scopes: knownScopes(row.scopes), status: statusOf(row, now) };
}

/** One token with its creator's email (the admin's row), or null. */
async function readToken(db: Database, id: number, now: Date): Promise<ApiTokenView | null> {
  const [row] = await db
    .select(tokenColumns)
    .from(apiTokens)
    .leftJoin(staffUsers, eq(staffUsers.id, apiTokens.createdBy))
    .where(eq(apiTokens.id, id));
  return row ? toView(row, now) : null;
}

/**
 * Issues a token for `scopes` (validated by `zApiTokenCreateInput`). Returns its text, which is
 * never stored and cannot be shown again: a lost token is revoked and replaced. `createdBy` is the
 * staff member's id; the token acts with that member's role, narrowed to its scopes.
 */
export async function createApiToken(
  db: Database,
  params: { name: string; scopes: readonly ApiTokenScope[]; createdBy: string; expiresAt?: Date },
  deps: { clock?: Clock } = {},
): Promise<ApiTokenCreated> {
  const now = (deps.clock ?? systemClock).now();
  if (params.expiresAt && params.expiresAt <= now)
    throw new CommerceError('INVALID_INPUT', 'An API token must expire in the future.');
  if (params.scopes.length === 0)
    throw new CommerceError('INVALID_INPUT', 'An API token needs at least one scope.');
  // Postgres text has no NUL: stored, it would be a 500 instead of this sentence.
  if (params.name.includes('\u0000'))
    throw new CommerceError('INVALID_INPUT', 'A token name cannot contain a NUL character.');
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const [inserted] = await db
    .insert(apiTokens)
    .values({
      name: params.name,
      prefix: token.slice(0, DISPLAY_LENGTH),
      tokenHash: hashToken(token),
      scopes: [...params.scopes],
      createdBy: params.createdBy,
      expiresAt: params.expiresAt ?? null,
    })
    .returning({ id: apiTokens.id });
  const view = inserted ? await readToken(db, inserted.id, now) : null;
  if (!view) throw new Error('inserting an API token returned no row');
  return { token, view };
}

/** Every token, newest first, as the admin lists them (tokens are few: no paging). */
export async function listApiTokens(
  db: Database,
  deps: { clock?: Clock } = {},
): Promise<ApiTokenView[]> {
  const now = (deps.clock ?? systemClock).now();
  const rows = await db
    .select(tokenColumns)
    .from(apiTokens)
    .leftJoin(staffUsers, eq(staffUsers.id, apiTokens.createdBy))
    .orderBy(desc(apiTokens.id));
  return rows.map((row) => toView(row, now));
}

/**
 * Revokes the token: its next call is refused (every call looks the token up; nothing caches
 * it). Revoking a revoked token keeps its first revocation time and answers the same.
 */
export async function revokeApiToken(
  db: Database,
  params: { id: number },
  deps: { clock?: Clock } = {},
): Promise<ApiTokenView> {
  const now = (deps.clock ?? systemClock).now();
  await db
    .update(apiTokens)
    .set({ revokedAt: sql`coalesce(${apiTokens.revokedAt}, ${now.toISOString()}::timestamptz)` })
    .where(eq(apiTokens.id, params.id));
  const view = await readToken(db, params.id, now);
  if (!view) throw new CommerceError('NOT_FOUND', `API token ${params.id} does not exist.`);
  return view;
}

/**
 * The caller a token stands for, or null when it is malformed, unknown, revoked, expired, or its
 * creator has been removed (removing a staff member retires their tokens). The principal carries
 * the creator's current role and the token's scopes; `refusalFor` checks both. Records
 * `last_used_at`, at most once a minute per token.
 */
export async function verifyApiToken(
  db: Database,
  token: string,
  deps: { clock?: Clock } = {},
): Promise<StaffMember | null> {
  if (!isApiTokenFormat(token)) return null;
  const now = (deps.clock ?? systemClock).now();
  const [row] = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      scopes: apiTokens.scopes,
      role: staffUsers.role,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .innerJoin(staffUsers, eq(staffUsers.id, apiTokens.createdBy))
    .where(
      and(
        eq(apiTokens.tokenHash, hashToken(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    );
  if (!row) return null;
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!row.lastUsedAt || row.lastUsedAt <= staleBefore) {
    await db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(apiTokens.id, row.id),
          or(isNull(apiTokens.lastUsedAt), lte(apiTokens.lastUsedAt, staleBefore)),
        ),
      );
  }
  return {
    id: `token:${row.id}`,
    email: `token:${row.name}`,
    name: row.name,
    role: row.role,
    token: { id: row.id, scopes: knownScopes(row.scopes) },
  };
}
