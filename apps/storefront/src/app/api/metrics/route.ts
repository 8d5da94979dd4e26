import { metricsRoute } from '@shop/observability';
import { getLogger, getShop } from '~/server/shop';

/**
 * Prometheus metrics, for `Authorization: Bearer $METRICS_TOKEN` when it is set, else for this
 * machine only. See docs/observability.md.
 */
export const GET = metricsRoute({ shop: getShop, log: getLogger });
export const dynamic = 'force-dynamic';
