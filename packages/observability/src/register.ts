import { readObservabilityEnv } from './env';
import type { Tracing } from './otel';

/**
 * What each process calls once at start (the apps' `instrumentation.ts` `register()`, the
 * worker's `main`): with `OTEL_EXPORTER_OTLP_ENDPOINT` set, loads OpenTelemetry and starts
 * tracing; without it, loads nothing and answers null (no cost at all).
 */
export async function registerObservability(serviceName: string): Promise<Tracing | null> {
  if (!readObservabilityEnv().otlpEndpoint) return null;
  const { startTracing } = await import('./otel');
  return startTracing({ serviceName });
}
