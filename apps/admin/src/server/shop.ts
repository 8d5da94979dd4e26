import { requestLogContext } from '@shop/api/edge';
import { processShop } from '@shop/runtime';

/**
 * This process's Shop (`createShop`, the composition root: pools, cache, search, payments, rate
 * limiter, clock, logger) and its logger, named `admin`, with the current request's id on
 * every line written inside one. Both are built on first use. The only place in this app that
 * builds a Shop; everything else asks here.
 */
export const { getShop, getLogger } = processShop({ name: 'admin', context: requestLogContext });
