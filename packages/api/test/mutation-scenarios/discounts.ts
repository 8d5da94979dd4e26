import type { AdminDiscount } from '@shop/validators';
import { keep, recall, stateKey } from './state';
import type { MutationStep } from './types';

const DISCOUNT = stateKey<AdminDiscount>('discounts.discount');
const code = { code: 'AUDIT10', type: 'percentage' as const };

/** `admin.discounts.*`. */
export const steps: MutationStep[] = [
  {
    path: 'admin.discounts.create',
    run: async (ctx) =>
      keep(ctx, DISCOUNT, await ctx.admin.discounts.create({ ...code, value: 1000 })),
  },
  {
    path: 'admin.discounts.update',
    run: (ctx) =>
      ctx.admin.discounts.update({
        id: recall(ctx, DISCOUNT).id,
        discount: { ...code, value: 1500, usageLimit: 100 },
      }),
  },
  {
    path: 'admin.discounts.setArchived',
    run: (ctx) => ctx.admin.discounts.setArchived({ id: recall(ctx, DISCOUNT).id, archived: true }),
  },
];
