/**
 * Next calls `register()` once when the server starts: OpenTelemetry tracing when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is set, nothing loaded otherwise (see docs/observability.md).
 * Node runtime only: the SDK does not run on the edge runtime.
 */
export async function register(): Promise<void> {
  // Next inlines NEXT_RUNTIME at build time, so the edge build drops the import below.
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { registerObservability } = await import('@shop/observability/register');
  await registerObservability('storefront');
}
