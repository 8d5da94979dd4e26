import { readyRoute } from '@shop/observability';
import { getLogger, getShop } from '~/server/shop';

/**
 * Readiness: database, queue, cache and search, each within 1 s, in parallel; 503 naming what
 * failed when the app cannot serve. See docs/observability.md.
 */
export const GET = readyRoute({ shop: getShop, log: getLogger });
export const dynamic = 'force-dynamic';
