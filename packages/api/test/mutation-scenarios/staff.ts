import { sql } from 'drizzle-orm';
import { keep, recall, stateKey } from './state';
import type { MutationStep } from './types';

const INVITE = stateKey<number>('staff.invite');
const MEMBER = 'audit-scenario-member';

/** `admin.staff.*`: an invitation revoked, and a second member promoted, then removed. */
export const steps: MutationStep[] = [
  {
    path: 'admin.staff.invite',
    run: async (ctx) => {
      const invite = await ctx.admin.staff.invite({
        email: 'invited@audit-scenario.test',
        name: 'Ivy',
        role: 'support',
      });
      return keep(ctx, INVITE, invite.id);
    },
  },
  {
    path: 'admin.staff.revokeInvite',
    run: (ctx) => ctx.admin.staff.revokeInvite({ id: recall(ctx, INVITE) }),
  },
  {
    path: 'admin.staff.changeRole',
    run: async (ctx) => {
      // A member who joined earlier (accepting an invitation is the auth package's, not an admin call).
      await ctx.db.execute(
        sql`insert into staff_users (id, name, email, role)
            values (${MEMBER}, 'Sam', 'sam@audit-scenario.test', 'support')`,
      );
      return ctx.admin.staff.changeRole({ id: MEMBER, role: 'manager' });
    },
  },
  {
    path: 'admin.staff.remove',
    run: (ctx) => ctx.admin.staff.remove({ id: MEMBER }),
  },
];
