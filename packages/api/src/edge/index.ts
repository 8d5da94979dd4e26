/**
 * The public API edge, shared by both apps' route handlers: request limits, the error boundary
 * and request ids. See docs/limits.md for every limit and its sentence.
 */
export { newRequestId, requestLogContext, somethingWentWrong, logUnexpected } from './request-id';
export { withRouteBoundary } from './route-boundary';
export { handleTrpcRequest, MAX_BATCH_SIZE } from './trpc-handler';

const KB = 1024;

/** Body budgets per endpoint (docs/limits.md says why each is what it is). */
export const BODY_LIMITS = {
  /** Cart, checkout and account calls: small JSON; 100 KB is far above any real one. */
  storefrontApi: 100 * KB,
  /** Product edits carry descriptions and many variants' prices. */
  adminApi: 1024 * KB,
  /** Emails, names and passwords. */
  auth: 16 * KB,
  /** Stripe events; Stripe's own payloads stay well below this. */
  stripeWebhook: 1024 * KB,
  /** A list of cache tags from the worker. */
  revalidate: 64 * KB,
} as const;
