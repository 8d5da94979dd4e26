import http from 'node:http';
import { expect, test } from '@playwright/test';
import { ADMIN_URL, env, pickProduct, query, STOREFRONT_URL } from '../support';

/**
 * The public API edge over the real HTTP stack (serve-next.ts in front of the built apps): body,
 * nesting and batch limits, request ids, and the sign-in throttle keyed by the client address
 * the server decides (no proxy is trusted in the e2e stack, so the client is the socket peer).
 * The throttle tests connect from their own loopback addresses (127.0.0.x), so their spent
 * budgets never meet the other specs, which all connect from 127.0.0.1.
 */

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * One request over node:http, optionally from a given local address, with the body written in
 * chunks (no Content-Length) when `chunks` is given. Resolves as soon as the server answers,
 * even if it answered before the upload ended.
 */
function rawRequest(opts: {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  chunks?: { size: number; count: number };
  localAddress?: string;
}): Promise<RawResponse> {
  const url = new URL(opts.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: opts.method ?? 'POST',
        headers: opts.headers,
        ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    // The server may close the connection once it has refused the body; its answer still counts.
    req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
    const chunks = opts.chunks;
    if (chunks) {
      const chunk = 'x'.repeat(chunks.size);
      let sent = 0;
      const pump = () => {
        while (sent < chunks.count && !req.destroyed) {
          sent++;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      req.write('{"json":"');
      pump();
    } else req.end(opts.body);
  });
}

const errorMessage = (body: string): string => {
  const parsed = JSON.parse(body) as
    { error: { json: { message: string } } } | { error: { json: { message: string } } }[];
  const first = Array.isArray(parsed) ? parsed[0] : parsed;
  return first?.error.json.message ?? '';
};

test('a 5 MB body gets 413 with a sentence and a request id', async ({ request }) => {
  const res = await request.post('/api/trpc/storefront.cart.add', {
    headers: { 'content-type': 'application/json' },
    data: JSON.stringify({ json: { variantId: 1, quantity: 1, padding: 'x'.repeat(5 << 20) } }),
  });
  expect(res.status()).toBe(413);
  expect(res.headers()['x-request-id']).toMatch(/^[0-9a-f]{16}$/);
  expect(errorMessage(await res.text())).toBe(
    'The request is too large: this endpoint accepts at most 100 KB.',
  );
});

test('a chunked body over the limit gets 413 while it is still arriving', async () => {
  const res = await rawRequest({
    url: `${STOREFRONT_URL}/api/trpc/storefront.cart.add`,
    headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    chunks: { size: 64 * 1024, count: 160 },
  });
  expect(res.status).toBe(413);
  expect(errorMessage(res.body)).toMatch(/at most 100 KB/);
});

test('10,000-deep JSON gets 400 with a sentence', async ({ request }) => {
  const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
  const res = await request.post('/api/trpc/storefront.cart.add', {
    headers: { 'content-type': 'application/json' },
    data: `{"json":${deep}}`,
  });
  expect(res.status()).toBe(400);
  expect(errorMessage(await res.text())).toMatch(/^The request is nested too deeply/);
});

test('a batch of 300 cart.add calls is refused with a sentence and creates no cart', async ({
  request,
}) => {
  const product = await pickProduct(30);
  const paths = Array.from({ length: 300 }, () => 'storefront.cart.add').join(',');
  const inputs = Object.fromEntries(
    Array.from({ length: 300 }, (_, i) => [
      i,
      { json: { variantId: product.variantId, quantity: 1 } },
    ]),
  );
  const res = await request.post(`/api/trpc/${paths}?batch=1`, {
    headers: { 'content-type': 'application/json' },
    data: JSON.stringify(inputs),
  });
  expect(res.status()).toBe(400);
  expect(res.headersArray().filter((h) => h.name.toLowerCase() === 'set-cookie')).toHaveLength(0);
  expect(errorMessage(await res.text())).toBe(
    'A request may batch at most 10 calls; this one has 300.',
  );
  const [lines] = await query<{ n: number }>(
    'select count(*)::int as n from cart_lines where variant_id = $1',
    [product.variantId],
  );
  expect(lines?.n).toBe(0);
});

const throttled = [
  {
    who: 'staff (admin)',
    url: `${ADMIN_URL}/api/auth/sign-in/email`,
    origin: ADMIN_URL,
    email: () => env('E2E_ADMIN_EMAIL'),
    localAddress: '127.0.0.71',
    otherAddress: '127.0.0.73',
  },
  {
    who: 'customer (storefront)',
    url: `${STOREFRONT_URL}/api/auth/sign-in/email`,
    origin: STOREFRONT_URL,
    email: () => 'nobody-in-particular@example.com',
    localAddress: '127.0.0.72',
    otherAddress: '127.0.0.74',
  },
];

for (const target of throttled) {
  test(`${target.who} sign-in: a new X-Forwarded-For per attempt still gets 429 from the 6th`, async () => {
    const attempt = (localAddress: string, n: number) => {
      const forged = `203.0.113.${n}`;
      return rawRequest({
        url: target.url,
        localAddress,
        headers: {
          'content-type': 'application/json',
          origin: target.origin,
          'x-forwarded-for': forged,
          'x-real-ip': forged,
          // A forged copy of the server's own identity header is replaced, not believed.
          'x-shop-client-address': forged,
        },
        body: JSON.stringify({ email: target.email(), password: `wrong password ${n}` }),
      });
    };
    const statuses: number[] = [];
    let last: RawResponse | undefined;
    for (let n = 1; n <= 8; n++) {
      last = await attempt(target.localAddress, n);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
    expect(last?.headers['x-request-id']).toMatch(/^[0-9a-f]{16}$/);
    // The budget is the client's (its socket address), not everyone's: another one still gets in.
    expect((await attempt(target.otherAddress, 9)).status).toBe(401);
  });
}
