import { context, propagation, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { readObservabilityEnv } from './env';
import { setTracingHooks } from './spans';

export interface Tracing {
  /** Sends what is buffered and stops (the worker's shutdown; tests). */
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry for this process: spans exported over OTLP/HTTP to `OTEL_EXPORTER_OTLP_ENDPOINT`
 * (the exporter reads the variable, and `OTEL_EXPORTER_OTLP_HEADERS`, itself), W3C trace context,
 * the `pg` driver's queries as spans (node-postgres, `DATABASE_DRIVER=pg`; postgres.js has no
 * instrumentation, its queries show inside the procedure's span), and `withSpan`'s spans around
 * tRPC procedures and worker jobs. Next adds its own spans for requests and rendering once a
 * provider is registered. Loaded only by `registerObservability` when the endpoint is set.
 */
export function startTracing(options: { serviceName: string; url?: string }): Tracing {
  const env = readObservabilityEnv();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': env.serviceName ?? options.serviceName,
    }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter(options.url ? { url: options.url } : {}),
      }),
    ],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  registerInstrumentations({ instrumentations: [new PgInstrumentation()] });
  const tracer = trace.getTracer('@shop/observability');
  setTracingHooks({
    startActiveSpan: (name, attributes, fn) =>
      tracer.startActiveSpan(name, { attributes }, (span) =>
        fn({
          setAttribute: (key, value) => span.setAttribute(key, value),
          recordException: (err) => span.recordException(err),
          setError: (message) => span.setStatus({ code: SpanStatusCode.ERROR, message }),
          end: () => span.end(),
        }),
      ),
  });
  return {
    async shutdown() {
      setTracingHooks(undefined);
      await provider.shutdown();
    },
  };
}
