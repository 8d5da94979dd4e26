import { captureLogger, LEVEL } from '@shop/logger/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DATABASE_RETRY_SECONDS, DATABASE_UNAVAILABLE_MESSAGE } from '../errors';
import { requestLogContext } from './request-id';
import { withRouteBoundary } from './route-boundary';

/**
 * The boundary of the plain routes (better-auth, the Stripe webhook, revalidation): limits before
 * the handler, and no handler's or driver's text in a failure's answer.
 */
const logs = captureLogger({ name: 'api' });
const limits = { name: 'test', maxBodyBytes: 1024, logger: () => logs.logger };

function post(body: string, type = 'application/json'): Request {
  return new Request('http://shop.test/api/test', {
    method: 'POST',
    headers: { 'content-type': type },
    body,
  });
}

type ErrorBody = { message: string; code: string; requestId: string };

describe('withRouteBoundary', () => {
  afterEach(() => vi.restoreAllMocks());

  it('hands the handler the body it was sent, and tags the answer with a request id', async () => {
    const route = withRouteBoundary(limits, async (req) =>
      Response.json({ got: await req.text() }),
    );
    const res = await route(post('{"email":"a@b.test"}'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ got: '{"email":"a@b.test"}' });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('refuses an oversized body (413) and deep JSON (400) without calling the handler', async () => {
    const handler = vi.fn(async () => new Response('ran'));
    const route = withRouteBoundary(limits, handler);

    const big = await route(post(JSON.stringify({ p: 'x'.repeat(2048) })));
    expect(big.status).toBe(413);
    const bigBody = (await big.json()) as ErrorBody;
    expect(bigBody.code).toBe('PAYLOAD_TOO_LARGE');
    expect(bigBody.message).toBe('The request is too large: this endpoint accepts at most 1 KB.');
    expect(bigBody.requestId).toBe(big.headers.get('x-request-id'));

    const deep = await route(post('['.repeat(100) + ']'.repeat(100)));
    expect(deep.status).toBe(400);
    expect(((await deep.json()) as ErrorBody).code).toBe('BAD_REQUEST');
    expect(handler).not.toHaveBeenCalled();
  });

  it('answers a thrown error or a 5xx answer with the generic sentence, logging the detail once', async () => {
    logs.lines.length = 0;
    const thrower = withRouteBoundary(limits, () =>
      Promise.reject(new Error('relation "staff_sessions" does not exist at 10.0.0.5:5432')),
    );
    const thrown = await thrower(post('{}'));
    expect(thrown.status).toBe(500);
    const text = await thrown.text();
    expect(text).not.toMatch(/staff_sessions|10\.0\.0\.5/);
    const { requestId, message } = JSON.parse(text) as ErrorBody;
    expect(message).toContain(`quote reference ${requestId}`);
    expect(logs.lines).toHaveLength(1);
    expect(logs.lines[0]).toMatchObject({ level: LEVEL.error, requestId, where: 'test /api/test' });
    expect((logs.lines[0]?.err as { message: string }).message).toContain('staff_sessions');

    const failing = withRouteBoundary(limits, async () =>
      Response.json({ error: 'password authentication failed for user "shop"' }, { status: 503 }),
    );
    const answered = await failing(post('{}'));
    expect(answered.status).toBe(503);
    expect(await answered.text()).not.toContain('password authentication');
    expect(logs.lines).toHaveLength(2);
    expect((logs.lines[1]?.err as { message: string }).message).toContain('answered 503');
  });

  it("puts the request id on every line the handler logs (the apps' log context)", async () => {
    const app = captureLogger({ name: 'storefront', context: requestLogContext });
    const route = withRouteBoundary(limits, async () => {
      app.logger.warn('inside the handler');
      return new Response('ok');
    });
    const res = await route(post('{}'));
    app.logger.info('after the request');
    expect(app.lines[0]).toMatchObject({
      msg: 'inside the handler',
      requestId: res.headers.get('x-request-id'),
    });
    expect(app.lines[1]).not.toHaveProperty('requestId');
  });

  it("gives a 429 the standard Retry-After beside better-auth's X-Retry-After", async () => {
    const route = withRouteBoundary(limits, async () =>
      Response.json(
        { message: 'Too many requests.' },
        {
          status: 429,
          headers: { 'x-retry-after': '42' },
        },
      ),
    );
    const res = await route(post('{}'));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('42');
    expect(await res.json()).toEqual({ message: 'Too many requests.' });
  });

  it('answers 503 with Retry-After, not 500, when the handler cannot reach the database', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    const route = withRouteBoundary(limits, () =>
      Promise.reject(new Error('Failed query: select 1', { cause: refused })),
    );
    const res = await route(post('{}'));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe(String(DATABASE_RETRY_SECONDS));
    const body = (await res.json()) as ErrorBody;
    expect(body).toMatchObject({
      message: DATABASE_UNAVAILABLE_MESSAGE,
      code: 'SERVICE_UNAVAILABLE',
    });
    expect(logs.lines.filter((l) => l.requestId === body.requestId)).toHaveLength(1);
  });
});
