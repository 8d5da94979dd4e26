import { keep, recall, stateKey } from './state';
import type { MutationStep } from './types';

const GROUP = stateKey<number>('search.group');

/** `admin.search.synonyms.*`. */
export const steps: MutationStep[] = [
  {
    path: 'admin.search.synonyms.save',
    run: async (ctx) => {
      const saved = await ctx.admin.search.synonyms.save({ terms: ['lamp', 'light', 'lantern'] });
      return keep(ctx, GROUP, saved.group.id);
    },
  },
  {
    path: 'admin.search.synonyms.delete',
    run: (ctx) => ctx.admin.search.synonyms.delete({ id: recall(ctx, GROUP) }),
  },
];
