/**
 * Spans around the shop's own units of work (a tRPC procedure, a worker job), recorded only when
 * `startTracing` ran (`OTEL_EXPORTER_OTLP_ENDPOINT` set): this module imports nothing of
 * OpenTelemetry, so without it a span is one property read and a direct call.
 */

/** The slice of `@opentelemetry/api` used here, put on `globalThis` by `startTracing`. */
export interface TracingHooks {
  startActiveSpan<T>(
    name: string,
    attributes: Record<string, string | number | boolean>,
    fn: (span: {
      setAttribute(key: string, value: string | number | boolean): void;
      recordException(err: Error): void;
      setError(message: string): void;
      end(): void;
    }) => Promise<T>,
  ): Promise<T>;
}

const TRACING_KEY = Symbol.for('shop.observability.tracing');

export function setTracingHooks(hooks: TracingHooks | undefined): void {
  (globalThis as Record<symbol, unknown>)[TRACING_KEY] = hooks;
}

export function tracingHooks(): TracingHooks | undefined {
  return (globalThis as Record<symbol, TracingHooks | undefined>)[TRACING_KEY];
}

/** `fn` inside a span named `name` (its error recorded on the span), or just `fn` untraced. */
export function withSpan<T>(
  name: string,
  attributes: Record<string, string | number | boolean>,
  fn: () => Promise<T>,
): Promise<T> {
  const hooks = tracingHooks();
  if (!hooks) return fn();
  return hooks.startActiveSpan(name, attributes, async (span) => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof Error) span.recordException(err);
      span.setError(err instanceof Error ? err.name : 'error');
      throw err;
    } finally {
      span.end();
    }
  });
}
