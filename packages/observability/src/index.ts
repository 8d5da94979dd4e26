export {
  createShopMetrics,
  DURATION_BUCKETS,
  metrics,
  renderMetrics,
  shopMetrics,
  TimeoutError,
  withTimeout,
  type CacheResult,
  type CheckoutOutcome,
  type JobResult,
  type PurgeResult,
  type QueueSnapshot,
  type ShopMetrics,
} from './metrics';
export { appMetricsAccess, isLoopback, metricsAccess, type MetricsAccess } from './access';
export { httpMetrics } from './http';
export {
  READY_TIMEOUT_MS,
  readyChecks,
  readyResponse,
  type CheckResult,
  type ReadyCheck,
  type ReadyReport,
} from './ready';
export { shopReadyChecks, type ReadyDependencies } from './shop-checks';
export {
  healthResponse,
  healthRoute,
  metricsResponse,
  metricsRoute,
  readyRoute,
  refusal,
} from './routes';
export { withSpan, type TracingHooks } from './spans';
export { registerObservability } from './register';
export { checkoutOutcomeOf, countCheckout, trpcRouteLabel, UNKNOWN_PROCEDURE } from './labels';
export { observeTasks, readWorkerHealthPort, startHealthServer, type HealthServer } from './worker';
export { readObservabilityEnv, type ObservabilityEnv } from './env';
