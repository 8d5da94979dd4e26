import {
  changeStaffRole,
  inviteStaff,
  listStaff,
  removeStaff,
  revokeStaffInvite,
} from '@shop/core';
import {
  zStaffInviteInput,
  zStaffInviteRevokeInput,
  zStaffInviteRow,
  zStaffList,
  zStaffMemberRow,
  zStaffRemoveInput,
  zStaffRoleChangeInput,
} from '@shop/validators';
import { z } from 'zod';
import { router, staffProcedure } from '../trpc/admin';

/**
 * `admin.staff.*` (Settings → Staff): the owner's alone (`staff:manage`). Each change records its
 * before and after in its own transaction; the last owner can be neither demoted nor removed.
 */
export const adminStaffRouter = router({
  list: staffProcedure('staff:manage')
    .output(zStaffList)
    .query(({ ctx }) => listStaff(ctx.db, { clock: ctx.clock })),
  /** Mails a one-time link to `/accept-invite`, valid for seven days. */
  invite: staffProcedure('staff:manage')
    .input(zStaffInviteInput)
    .output(zStaffInviteRow)
    .mutation(({ ctx, input }) =>
      inviteStaff(
        ctx.db,
        { ...input, invitedBy: ctx.staff, acceptUrl: new URL('/accept-invite', ctx.adminUrl).href },
        { clock: ctx.clock, audit: ctx.audit },
      ),
    ),
  revokeInvite: staffProcedure('staff:manage')
    .input(zStaffInviteRevokeInput)
    .output(z.object({ id: z.number().int(), revoked: z.literal(true) }))
    .mutation(({ ctx, input }) =>
      revokeStaffInvite(ctx.db, input, { clock: ctx.clock, audit: ctx.audit }),
    ),
  changeRole: staffProcedure('staff:manage')
    .input(zStaffRoleChangeInput)
    .output(zStaffMemberRow)
    .mutation(({ ctx, input }) => changeStaffRole(ctx.db, input, { audit: ctx.audit })),
  /** Signs the member out everywhere at once (their sessions are deleted with them). */
  remove: staffProcedure('staff:manage')
    .input(zStaffRemoveInput)
    .output(z.object({ id: z.string(), removed: z.literal(true) }))
    .mutation(({ ctx, input }) => removeStaff(ctx.db, input, { audit: ctx.audit })),
});
