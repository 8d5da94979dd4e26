import { requestLogContext } from '@shop/api/edge';
import { processShop } from '@shop/runtime';
// The plugins of the repo's one config file (`shop.config.ts`).
import config from '../../../../shop.config';

/**
 * This process's Shop (`createShop`, the composition root: pools, cache, search, payments, rate
 * limiter, clock, logger) and its logger, named `admin`, with the current request's id on
 * every line written inside one, running the plugins of `shop.config.ts`. Both are built on
 * first use. The only place in this app that builds a Shop; everything else asks here.
 */
export const { getShop, getLogger } = processShop({
  name: 'admin',
  context: requestLogContext,
  plugins: config.plugins,
});
