import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '@shop/db/client';
import { addJob } from '@shop/db/jobs';
import { firstRow, queryRows } from '@shop/db/query';
import { runTransaction, violatedConstraint } from '@shop/db/transaction';
import {
  zAcceptInviteInput,
  zStaffInviteInput,
  type AcceptInviteInput,
  type StaffInviteInput,
  type StaffInviteRow,
  type StaffMemberRow,
} from '@shop/validators';
import { sql } from 'drizzle-orm';
import { CommerceError } from '../errors';
import { systemClock, type Clock } from '../ports/clock';
import { recordAudit, type AuditHook } from './audit';
import type { StaffMember, StaffRole } from './permissions';

/** An invitation link works for seven days, once. */
export const STAFF_INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Invite tokens are 32 random bytes; only their SHA-256 is stored, as for API tokens. */
export function hashInviteToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

interface StaffDeps {
  clock?: Clock;
  audit?: AuditHook;
}

/** The staff and the invitations still open, for Settings → Staff. */
export async function listStaff(
  db: Database,
  deps: { clock?: Clock } = {},
): Promise<{ members: StaffMemberRow[]; invites: StaffInviteRow[] }> {
  const now = (deps.clock ?? systemClock).now();
  const [members, invites] = await Promise.all([
    queryRows<StaffMemberRow>(
      db,
      sql`select id, name, email, role, created_at as "createdAt" from staff_users
           order by case role when 'owner' then 0 when 'manager' then 1 else 2 end, email`,
    ),
    queryRows<StaffInviteRow & { id: string | number }>(
      db,
      sql`select i.id, i.email, i.name, i.role, u.email as "invitedBy",
                 i.expires_at as "expiresAt", i.created_at as "createdAt"
            from staff_invites i left join staff_users u on u.id = i.invited_by
           where i.accepted_at is null and i.revoked_at is null and i.expires_at > ${now.toISOString()}
           order by i.id desc`,
    ),
  ]);
  return {
    members: members.map((m) => ({ ...m, createdAt: new Date(m.createdAt) })),
    invites: invites.map((i) => ({
      ...i,
      id: Number(i.id),
      expiresAt: new Date(i.expiresAt),
      createdAt: new Date(i.createdAt),
    })),
  };
}

/**
 * Invites someone to the admin: an invitation row holding the token's hash and a `staff-invite`
 * mail carrying the link (`acceptUrl?token=…`), enqueued in the same transaction, so a mail goes
 * out if and only if the invitation exists. Refused with a sentence: an email that already
 * belongs to staff, or one with an invitation still open (a double click sends one mail; to send
 * another, revoke the first). An expired invitation is closed and replaced.
 */
export async function inviteStaff(
  db: Database,
  params: StaffInviteInput & { invitedBy: Pick<StaffMember, 'id' | 'name'>; acceptUrl: string },
  deps: StaffDeps = {},
): Promise<StaffInviteRow> {
  const parsed = zStaffInviteInput.safeParse(params);
  if (!parsed.success)
    throw new CommerceError(
      'INVALID_INPUT',
      parsed.error.issues[0]?.message ?? 'Invalid invitation.',
    );
  const { email, name, role } = parsed.data;
  const now = (deps.clock ?? systemClock).now();
  const expiresAt = new Date(now.getTime() + STAFF_INVITE_TTL_MS);
  const token = randomBytes(32).toString('base64url');
  const url = new URL(params.acceptUrl);
  url.searchParams.set('token', token);
  try {
    return await runTransaction(db, async (tx) => {
      const member = await firstRow(tx, sql`select 1 from staff_users where email = ${email}`);
      if (member) throw new CommerceError('CONFLICT', `${email} is already a member of the staff.`);
      // An open invitation past its date blocks nobody: close it (the unique index covers it).
      await tx.execute(sql`
        update staff_invites set revoked_at = ${now.toISOString()}
         where lower(email) = ${email} and accepted_at is null and revoked_at is null
           and expires_at <= ${now.toISOString()}`);
      const open = await firstRow(
        tx,
        sql`select 1 from staff_invites
             where lower(email) = ${email} and accepted_at is null and revoked_at is null`,
      );
      if (open)
        throw new CommerceError(
          'CONFLICT',
          `An invitation to ${email} is already open; revoke it to send a new one.`,
        );
      const row = await firstRow<{ id: string | number; createdAt: Date | string }>(
        tx,
        sql`insert into staff_invites (email, name, role, token_hash, invited_by, expires_at)
            values (${email}, ${name}, ${role}, ${hashInviteToken(token)}, ${params.invitedBy.id},
                    ${expiresAt.toISOString()})
            returning id, created_at as "createdAt"`,
      );
      if (!row) throw new Error('the invitation was not inserted');
      const invite: StaffInviteRow = {
        id: Number(row.id),
        email,
        name,
        role,
        invitedBy: params.invitedBy.id,
        expiresAt,
        createdAt: new Date(row.createdAt),
      };
      await tx.execute(
        sql`select ${addJob('send-mail', {
          template: 'staff-invite',
          to: email,
          data: {
            url: url.toString(),
            name,
            role,
            invitedBy: params.invitedBy.name,
            expiresAt: expiresAt.toISOString(),
          },
        })}`,
      );
      await deps.audit?.(tx, { targetType: 'staff.invite', targetId: invite.id, after: invite });
      return invite;
    });
  } catch (err) {
    if (violatedConstraint(err) === 'staff_invites_open_email_key')
      throw new CommerceError(
        'CONFLICT',
        `An invitation to ${email} is already open; revoke it to send a new one.`,
      );
    throw err;
  }
}

/** Closes an open invitation: its link stops working. Revoking one already closed is refused. */
export async function revokeStaffInvite(
  db: Database,
  params: { id: number },
  deps: StaffDeps = {},
): Promise<{ id: number; revoked: true }> {
  const now = (deps.clock ?? systemClock).now();
  return runTransaction(db, async (tx) => {
    const row = await firstRow<{ email: string }>(
      tx,
      sql`update staff_invites set revoked_at = ${now.toISOString()}
           where id = ${params.id} and accepted_at is null and revoked_at is null
           returning email`,
    );
    if (!row) throw new CommerceError('NOT_FOUND', 'There is no open invitation with that id.');
    await deps.audit?.(tx, {
      targetType: 'staff.invite',
      targetId: params.id,
      before: { email: row.email, open: true },
      after: { email: row.email, open: false },
    });
    return { id: params.id, revoked: true as const };
  });
}

interface StaffRowLocked {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
}

/**
 * The target staff user, with every owner row locked (in id order, so two changes cannot
 * deadlock): "the last owner" is then decided by one transaction at a time.
 */
async function lockStaff(
  tx: Database,
  id: string,
): Promise<{ target: StaffRowLocked; owners: number }> {
  const owners = await queryRows<{ id: string }>(
    tx,
    sql`select id from staff_users where role = 'owner' order by id for update`,
  );
  const target = await firstRow<StaffRowLocked>(
    tx,
    sql`select id, email, name, role from staff_users where id = ${id} for update`,
  );
  if (!target) throw new CommerceError('NOT_FOUND', 'There is no staff member with that id.');
  return { target, owners: owners.length };
}

/**
 * Gives a staff member another role, effective at their next request (sessions read the role
 * from the row). The last owner cannot be demoted: a shop always has someone who manages staff.
 * Setting the role a member already has changes nothing and succeeds (a double click).
 */
export async function changeStaffRole(
  db: Database,
  params: { id: string; role: StaffRole },
  deps: StaffDeps = {},
): Promise<StaffMemberRow> {
  return runTransaction(db, async (tx) => {
    const { target, owners } = await lockStaff(tx, params.id);
    if (target.role === 'owner' && params.role !== 'owner' && owners <= 1)
      throw new CommerceError(
        'CONFLICT',
        `${target.email} is the shop's last owner; make someone else an owner first.`,
      );
    const row = await firstRow<StaffMemberRow>(
      tx,
      sql`update staff_users set role = ${params.role}, updated_at = now() where id = ${params.id}
          returning id, name, email, role, created_at as "createdAt"`,
    );
    if (!row) throw new CommerceError('NOT_FOUND', 'There is no staff member with that id.');
    await deps.audit?.(tx, {
      targetType: 'staff',
      targetId: params.id,
      before: { email: target.email, role: target.role },
      after: { email: row.email, role: row.role },
    });
    return { ...row, createdAt: new Date(row.createdAt) };
  });
}

/**
 * Removes a staff member: their row goes, and with it (cascades) their sessions, so the next
 * request of any of their devices is signed out, and their API tokens stop working (a token acts
 * for its creator). The last owner cannot be removed.
 */
export async function removeStaff(
  db: Database,
  params: { id: string },
  deps: StaffDeps = {},
): Promise<{ id: string; removed: true }> {
  return runTransaction(db, async (tx) => {
    const { target, owners } = await lockStaff(tx, params.id);
    if (target.role === 'owner' && owners <= 1)
      throw new CommerceError(
        'CONFLICT',
        `${target.email} is the shop's last owner and cannot be removed.`,
      );
    await tx.execute(sql`delete from staff_sessions where user_id = ${params.id}`);
    await tx.execute(sql`delete from staff_users where id = ${params.id}`);
    await deps.audit?.(tx, {
      targetType: 'staff',
      targetId: params.id,
      before: { email: target.email, name: target.name, role: target.role },
      after: null,
    });
    return { id: params.id, removed: true as const };
  });
}

interface OpenInvite {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
}

/** Why an invitation's link no longer works, as the invitee reads it; null: it works. */
function inviteRefusal(
  row: { acceptedAt: unknown; revokedAt: unknown; expiresAt: Date | string } | undefined,
  now: Date,
): string | null {
  if (!row) return 'This invitation link is not valid. Ask the shop owner for a new one.';
  if (row.acceptedAt) return 'This invitation has already been used. Sign in instead.';
  if (row.revokedAt) return 'This invitation was revoked. Ask the shop owner for a new one.';
  if (new Date(row.expiresAt) <= now)
    return 'This invitation has expired. Ask the shop owner for a new one.';
  return null;
}

type InviteRow = OpenInvite & {
  acceptedAt: unknown;
  revokedAt: unknown;
  expiresAt: Date | string;
};

async function readInvite(db: Database, token: string, lock: boolean) {
  const row = await firstRow<InviteRow & { id: string | number }>(
    db,
    sql`select id, email, name, role, accepted_at as "acceptedAt", revoked_at as "revokedAt",
               expires_at as "expiresAt"
          from staff_invites where token_hash = ${hashInviteToken(token)}
          ${lock ? sql`for update` : sql``}`,
  );
  return row && { ...row, id: Number(row.id) };
}

/** What /accept-invite shows for a link: the invitation, or the sentence why it is dead. */
export async function describeStaffInvite(
  db: Database,
  token: string,
  deps: { clock?: Clock } = {},
): Promise<{ ok: true; invite: OpenInvite } | { ok: false; reason: string }> {
  const row = token.length > 200 ? undefined : await readInvite(db, token, false);
  const reason = inviteRefusal(row, (deps.clock ?? systemClock).now());
  if (reason || !row) return { ok: false, reason: reason ?? 'This invitation link is not valid.' };
  return { ok: true, invite: { id: row.id, email: row.email, name: row.name, role: row.role } };
}

/**
 * Accepts an invitation, once: locks its row, refuses a link that is unknown, used, revoked or
 * expired (a replay of an accepted link is refused), creates the staff user through `create`
 * (the auth package's, which hashes the password) in the same transaction, and marks the
 * invitation accepted, so the account exists if and only if the invitation is spent.
 */
export async function acceptStaffInvite(
  db: Database,
  input: AcceptInviteInput,
  create: (
    tx: Database,
    user: { email: string; name: string; password: string; role: StaffRole },
  ) => Promise<StaffMember>,
  deps: { clock?: Clock } = {},
): Promise<StaffMember> {
  const parsed = zAcceptInviteInput.safeParse(input);
  if (!parsed.success)
    throw new CommerceError('INVALID_INPUT', parsed.error.issues[0]?.message ?? 'Invalid form.');
  const { token, name, password } = parsed.data;
  const now = (deps.clock ?? systemClock).now();
  return runTransaction(db, async (tx) => {
    const row = await readInvite(tx, token, true);
    const reason = inviteRefusal(row, now);
    if (reason || !row) throw new CommerceError('CONFLICT', reason ?? 'This link is not valid.');
    const taken = await firstRow(tx, sql`select 1 from staff_users where email = ${row.email}`);
    if (taken)
      throw new CommerceError(
        'CONFLICT',
        `${row.email} is already a member of the staff. Sign in instead.`,
      );
    const member = await create(tx, { email: row.email, name, password, role: row.role });
    await tx.execute(
      sql`update staff_invites set accepted_at = ${now.toISOString()} where id = ${row.id}`,
    );
    await recordAudit(tx, {
      actor: member,
      action: 'staff.acceptInvite',
      targetType: 'staff',
      targetId: member.id,
      after: { email: member.email, name: member.name, role: member.role, inviteId: row.id },
    });
    return member;
  });
}
