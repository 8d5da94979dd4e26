import { createApiToken, listApiTokens, revokeApiToken } from '@shop/core';
import {
  zApiTokenCreated,
  zApiTokenCreateInput,
  zApiTokenRevokeInput,
  zApiTokenView,
} from '@shop/validators';
import { z } from 'zod';
import { router, staffProcedure } from '../trpc/admin';

/**
 * `admin.tokens.*`: the owner's API tokens for integrations. `tokens:manage` is no token scope,
 * so a token can never mint, list or revoke tokens, whatever its scopes. `create` answers the
 * token's text once; `list` never has it.
 */
export const adminTokensRouter = router({
  list: staffProcedure('tokens:manage')
    .output(z.array(zApiTokenView))
    .query(({ ctx }) => listApiTokens(ctx.db, { clock: ctx.clock })),
  create: staffProcedure('tokens:manage')
    .input(zApiTokenCreateInput)
    .output(zApiTokenCreated)
    .mutation(({ ctx, input }) =>
      createApiToken(ctx.db, { ...input, createdBy: ctx.staff.id }, { clock: ctx.clock }),
    ),
  revoke: staffProcedure('tokens:manage')
    .input(zApiTokenRevokeInput)
    .output(zApiTokenView)
    .mutation(({ ctx, input }) => revokeApiToken(ctx.db, input, { clock: ctx.clock })),
});
