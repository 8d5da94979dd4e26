import { createServer, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing } from './otel';
import { registerObservability } from './register';
import { tracingHooks, withSpan } from './spans';

/** A stand-in OTLP/HTTP collector: keeps the bodies posted to /v1/traces. */
const bodies: string[] = [];
const collector = createServer((req: IncomingMessage, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString('utf8')));
  req.on('end', () => {
    if (req.url === '/v1/traces') bodies.push(body);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
});
let url = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const address = collector.address();
  if (typeof address === 'object' && address) url = `http://127.0.0.1:${address.port}/v1/traces`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => collector.close(() => resolve()));
});

describe('tracing', () => {
  it('without OTEL_EXPORTER_OTLP_ENDPOINT loads nothing and spans are plain calls', async () => {
    const saved = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    try {
      expect(await registerObservability('test')).toBeNull();
      expect(tracingHooks()).toBeUndefined();
      expect(await withSpan('x', {}, async () => 7)).toBe(7);
    } finally {
      if (saved !== undefined) process.env.OTEL_EXPORTER_OTLP_ENDPOINT = saved;
    }
  });

  it('exports the spans of withSpan, nested, with a failure recorded, over OTLP/HTTP', async () => {
    const tracing = startTracing({ serviceName: 'observability-test', url });
    try {
      await withSpan('trpc trpc:cart.get', { 'trpc.procedures': 'trpc:cart.get' }, async () => {
        await withSpan('job send-mail', { 'job.task': 'send-mail' }, async () => undefined);
      });
      await expect(
        withSpan('job broken', {}, () => Promise.reject(new TypeError('bad payload'))),
      ).rejects.toThrow('bad payload');
    } finally {
      await tracing.shutdown();
    }
    expect(tracingHooks()).toBeUndefined();
    const sent = bodies.join('\n');
    expect(sent).toContain('trpc trpc:cart.get');
    expect(sent).toContain('job send-mail');
    expect(sent).toContain('observability-test');
    expect(sent).toContain('TypeError');
    // The job's span is a child of the procedure's: one trace.
    const spans = bodies.flatMap((b) =>
      (
        JSON.parse(b) as {
          resourceSpans: {
            scopeSpans: { spans: { name: string; traceId: string; parentSpanId?: string }[] }[];
          }[];
        }
      ).resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)),
    );
    const parent = spans.find((s) => s.name === 'trpc trpc:cart.get');
    const child = spans.find((s) => s.name === 'job send-mail');
    expect(child?.traceId).toBe(parent?.traceId);
    expect(child?.parentSpanId).toBeTruthy();
  });
});
