import { keep, recall, stateKey } from './state';
import type { MutationStep } from './types';

const TOKEN = stateKey<number>('tokens.token');

/** `admin.tokens.*`. */
export const steps: MutationStep[] = [
  {
    path: 'admin.tokens.create',
    run: async (ctx) => {
      const created = await ctx.admin.tokens.create({ name: 'ERP sync', scopes: ['stock:write'] });
      return keep(ctx, TOKEN, created.view.id);
    },
  },
  {
    path: 'admin.tokens.revoke',
    run: (ctx) => ctx.admin.tokens.revoke({ id: recall(ctx, TOKEN) }),
  },
];
