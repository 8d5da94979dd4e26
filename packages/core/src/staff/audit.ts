import type { Database } from '@shop/db/client';
import { queryRows } from '@shop/db/query';
import type { AuditEntry, AuditListInput } from '@shop/validators';
import { zAuditListInput } from '@shop/validators';
import { sql, type SQL } from 'drizzle-orm';
import type { StaffMember } from './permissions';

/** What changed, as the mutation that changed it knows it. */
export interface AuditChange {
  targetType?: string | null;
  targetId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

/** One audit row: who did what (a procedure path such as `products.update`) to which target. */
export interface AuditRecord extends AuditChange {
  actor: Pick<StaffMember, 'id' | 'email' | 'token'>;
  action: string;
  requestId?: string | null;
}

/**
 * What a core function calls, inside its own transaction, to record the change it made with
 * the state before and after; the admin API binds the actor and the action (`ctx.audit`), so the
 * core knows neither. Called once per mutation; a second call records a second row.
 */
export type AuditHook = (tx: Database, change: AuditChange) => Promise<void>;

/** Entries above this size (as JSON) keep only their size: the log is not a blob store. */
const MAX_JSON_CHARS = 32_000;
/**
 * Keys whose values never reach the log: secrets shown once (`token`, `secret`), passwords and
 * credentials a plugin's settings may hold (`apiKey`, `privateKey`, `clientSecret`).
 */
const SECRET_KEY = /(token|secret|password|api_?key|private_?key)$/i;

/**
 * A value as the log stores it: JSON-safe (dates as ISO text, BigInts as text, cycles cut),
 * secrets replaced by `[redacted]`, NUL characters (which jsonb refuses) replaced, and anything
 * over 32,000 characters reduced to `{ truncated: true, chars }`.
 */
export function auditValue(value: unknown): unknown {
  if (value === undefined) return null;
  const seen = new WeakSet<object>();
  const text = JSON.stringify(value, function (this: unknown, key, v: unknown) {
    if (key && SECRET_KEY.test(key) && v !== null && v !== undefined) return '[redacted]';
    if (typeof v === 'bigint') return v.toString();
    if (v && typeof v === 'object') {
      if (seen.has(v)) return '[cycle]';
      seen.add(v);
    }
    return v;
  });
  if (text === undefined) return null;
  if (text.length > MAX_JSON_CHARS) return { truncated: true, chars: text.length };
  // JSON writes NUL as the escape \u0000, in keys and values alike; jsonb refuses it.
  return JSON.parse(text.replaceAll('\\u0000', '\\ufffd')) as unknown;
}

/**
 * Writes one audit row through `tx`: pass the mutation's transaction so the entry exists if and
 * only if the change committed. A token's actor is `token:<id>` with kind `token`.
 */
export async function recordAudit(tx: Database, entry: AuditRecord): Promise<void> {
  const kind = entry.actor.token ? 'token' : 'staff';
  const targetId =
    entry.targetId === undefined || entry.targetId === null ? null : String(entry.targetId);
  await tx.execute(sql`
    insert into audit_log
      (actor_kind, actor_id, actor_email, action, target_type, target_id, before, after, request_id)
    values (${kind}, ${entry.actor.id}, ${entry.actor.email}, ${entry.action},
      ${entry.targetType ?? null}, ${targetId},
      ${jsonb(entry.before)}, ${jsonb(entry.after)}, ${entry.requestId ?? null})`);
}

function jsonb(value: unknown): SQL {
  const safe = auditValue(value);
  return safe === null ? sql`null` : sql`${JSON.stringify(safe)}::jsonb`;
}

type AuditRow = Omit<AuditEntry, 'createdAt' | 'id'> & {
  id: string | number;
  createdAt: Date | string;
};

/**
 * The audit log, newest first, one keyset page (`cursor`: the last id seen); filters as
 * `zAuditListInput` documents them. Ids grow with time, so "newest first" is "id descending" and
 * each filter rides its `(column, id)` index.
 */
export async function listAuditLog(
  db: Database,
  params: AuditListInput,
): Promise<{ items: AuditEntry[]; nextCursor: number | null }> {
  const input = zAuditListInput.parse(params);
  const where: SQL[] = [];
  if (input.cursor) where.push(sql`id < ${input.cursor}`);
  if (input.actor) {
    const actor = input.actor.toLowerCase();
    where.push(sql`(actor_id = ${input.actor} or lower(actor_email) = ${actor})`);
  }
  if (input.action) {
    where.push(
      input.action.endsWith('.')
        ? sql`action like ${`${input.action.replace(/[\\%_]/g, '\\$&')}%`}`
        : sql`action = ${input.action}`,
    );
  }
  if (input.target) {
    const [type, ...rest] = input.target.split(':');
    where.push(sql`target_type = ${type}`);
    if (rest.length > 0) where.push(sql`target_id = ${rest.join(':')}`);
  }
  if (input.from) where.push(sql`created_at >= ${input.from.toISOString()}`);
  if (input.to) where.push(sql`created_at <= ${input.to.toISOString()}`);
  const rows = await queryRows<AuditRow>(
    db,
    sql`select id, created_at as "createdAt", actor_kind as "actorKind", actor_id as "actorId",
          actor_email as "actorEmail", action, target_type as "targetType",
          target_id as "targetId", before, after, request_id as "requestId"
        from audit_log
        ${where.length > 0 ? sql`where ${sql.join(where, sql` and `)}` : sql``}
        order by id desc
        limit ${input.limit + 1}`,
  );
  const items = rows.slice(0, input.limit).map((row) => ({
    ...row,
    id: Number(row.id),
    createdAt: new Date(row.createdAt),
  }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? last.id : null };
}
