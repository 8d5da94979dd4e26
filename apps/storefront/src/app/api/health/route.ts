import { healthRoute } from '@shop/observability';

/** Liveness: the process answers (no dependency asked). See docs/observability.md. */
export const GET = healthRoute();
export const dynamic = 'force-dynamic';
